package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Load a running server over HTTP and print requests/s and latency.",
                "Opens --connections persistent HTTP/1.1 connections to --url; each sends a message (--mode send:",
                "POST .../messages, answered 202) or an ask (--mode ask: POST .../ask, answered 200) to one of",
                "--actors actors, waits for the answer, and sends the next; --rate paces all connections together.",
                "Latency is measured from when a request was due, so a server that falls behind a --rate shows it.",
                "Requests in the --warmup period are sent but not counted. Plain HTTP only (no TLS)."})
public final class HttpBenchCommand implements Callable<Integer> {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "Concurrent keep-alive connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "How long to measure, after the warm-up (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2s",
            description = "Load sent first and left out of the figures (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "send",
            description = "send (202 when durably enqueued) or ask (200 with the reply) (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Requests per second over all connections; 0 = each connection as fast as it is answered"
                    + " (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "1000",
            description = "Actors to spread requests over (default ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--actor-type", paramLabel = "TYPE", defaultValue = "counter",
            description = "Actor type to address (default ${DEFAULT-VALUE}, an example actor of a development server).")
    String actorType;

    @Option(names = "--message", paramLabel = "JSON", defaultValue = "{\"type\":\"Increment\",\"payload\":{\"by\":1}}",
            description = "Request body: the message as {\"type\":...,\"payload\":...} (default ${DEFAULT-VALUE}).")
    String message;

    @Option(names = "--idempotency-keys",
            description = "Give every request a fresh Idempotency-Key (measures the de-duplication path too).")
    boolean idempotencyKeys;

    @Override
    public Integer call() {
        validate();
        URI base = remote.baseUri();
        if (!"http".equals(base.getScheme())) {
            throw new CliException("bench http speaks plain HTTP only; give an http:// --url", ExitCode.USAGE);
        }
        String host = base.getHost();
        int port = base.getPort() < 0 ? 80 : base.getPort();
        String authorization = remote.token().map(t -> "Authorization: Bearer " + t + "\r\n").orElse("");
        String path = base.getPath().replaceAll("/$", "") + "/api/actors/" + actorType + "/";
        String suffix = mode.equals("ask") ? "/ask?timeout=10s" : "/messages";
        int expected = mode.equals("ask") ? 200 : 202;
        byte[] body = message.getBytes(StandardCharsets.UTF_8);

        Recorder recorder = new Recorder(3_600_000_000_000L, 3);
        LongAdder ok = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        long interval = rate == 0 ? 0 : (long) (connections * 1e9 / rate);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long offset = interval == 0 ? 0 : interval * c / connections;
            threads.add(Thread.ofVirtual().name("bench-http-" + c).start(() -> {
                long due = start + offset;
                KeepAliveConnection conn = null;
                try {
                    while (true) {
                        if (interval > 0) {
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        } else {
                            due = System.nanoTime();
                        }
                        if (due >= end) {
                            return;
                        }
                        long n = sequence.getAndIncrement();
                        byte[] request = request(path + "b-" + (n % actors) + suffix, host, port, authorization, body,
                                idempotencyKeys ? "bench-" + start + "-" + n : null);
                        boolean counted = due >= measureFrom;
                        try {
                            if (conn == null) {
                                conn = new KeepAliveConnection(host, port, IO_TIMEOUT);
                            }
                            KeepAliveConnection.Answer answer = conn.exchange(request);
                            if (counted) {
                                recorder.recordValue(Math.max(0, System.nanoTime() - due));
                                if (answer.status() == expected) {
                                    ok.increment();
                                } else {
                                    errors.computeIfAbsent(Integer.toString(answer.status()), k -> new LongAdder()).increment();
                                }
                            }
                            if (answer.closed()) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException e) {
                            if (counted) {
                                errors.computeIfAbsent("io: " + e.getClass().getSimpleName(), k -> new LongAdder())
                                        .increment();
                            }
                            closeQuietly(conn);
                            conn = null;
                        }
                        due += interval;
                    }
                } finally {
                    closeQuietly(conn);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("benchmark interrupted");
            }
        }
        long elapsed = Math.max(1, Math.min(System.nanoTime(), end + IO_TIMEOUT.toNanos()) - measureFrom);
        Histogram h = recorder.getIntervalHistogram();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        long errorTotal = errorCounts.values().stream().mapToLong(Long::longValue).sum();
        new BenchReport("loom bench http: " + mode + " to " + actors + " " + actorType + " actors at " + base
                + " over " + connections + " connections")
                .put("mode", mode)
                .put("connections", connections)
                .put("actors", actors)
                .put("rate_target_per_s", rate)
                .put("warmup_s", warmup.toMillis() / 1000.0)
                .put("duration_s", elapsed / 1e9)
                .put("requests", h.getTotalCount())
                .put("ok", ok.sum())
                .put("errors", errorTotal)
                .put("errors_by_kind", errorCounts)
                .put("requests_per_s", ok.sum() / (elapsed / 1e9))
                .put("p50_ms", h.getValueAtPercentile(50) / 1e6)
                .put("p95_ms", h.getValueAtPercentile(95) / 1e6)
                .put("p99_ms", h.getValueAtPercentile(99) / 1e6)
                .put("max_ms", h.getMaxValue() / 1e6)
                .print(Printer.of(spec, output));
        return errorTotal == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }

    private void validate() {
        if (connections < 1 || actors < 1 || rate < 0 || duration.isZero() || duration.isNegative()
                || warmup.isNegative()) {
            throw new CliException("--connections and --actors must be at least 1, --rate at least 0, --duration above 0"
                    + " and --warmup not negative", ExitCode.USAGE);
        }
        if (!mode.equals("send") && !mode.equals("ask")) {
            throw new CliException("--mode must be send or ask, not '" + mode + "'", ExitCode.USAGE);
        }
    }

    private static byte[] request(String target, String host, int port, String authorization, byte[] body,
                                  String idempotencyKey) {
        String head = "POST " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + authorization
                + (idempotencyKey == null ? "" : "Idempotency-Key: " + idempotencyKey + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static void closeQuietly(KeepAliveConnection conn) {
        if (conn != null) {
            conn.close();
        }
    }
}
