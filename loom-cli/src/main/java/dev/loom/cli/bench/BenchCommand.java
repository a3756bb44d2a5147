package dev.loom.cli.bench;

import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.runtime.Loom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {ActivationBenchCommand.class, MemoryBenchCommand.class, HttpBenchCommand.class,
                PipelineBenchCommand.class},
        description = {"Throughput and send-to-commit latency of an in-process Loom.",
                "Sends --messages from --senders virtual threads to --actors actors, waits until every turn is",
                "committed, and prints turns committed per second, latency from send to commit (p50/p95/p99/max),",
                "peak heap, active actors and the store's group-commit batch sizes.",
                "Sub-benchmarks: `loom bench activation`, `loom bench memory`, `loom bench http` (a running server),",
                "`loom bench pipelines`."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BenchStoreOptions storeOptions;
    @Mixin
    OutputOptions output;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "1000", description = "Actors to spread messages over (default ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "100000", description = "Messages to send (default ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "16", description = "Virtual threads sending concurrently (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--payload-bytes", paramLabel = "N", defaultValue = "100", description = "Size of each message's payload field (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s",
            description = "Leave messages sent in this first period out of the latency figures (JIT warm-up, first"
                    + " activations); they still count for throughput (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop sending after this long even if fewer than --messages were sent (default: no limit).")
    Duration duration;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Messages per second to send in total; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--commit-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "Longest wait for the last turns to commit after sending ends (default ${DEFAULT-VALUE}).")
    Duration commitTimeout;

    @Override
    public Integer call() {
        validate();
        Logs.warningsToStderr();
        CommitClock clock = new CommitClock();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String payload = "x".repeat(payloadBytes);
        Printer printer = Printer.of(spec, output);
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        try (BenchStoreOptions.BenchStore opened = storeOptions.open(spec.commandLine().getErr());
             HeapSampler heap = new HeapSampler()) {
            Loom loom = Loom.builder().store(new CommitTimingStore(opened.store(), clock)).actor(BenchActor.type(clock))
                    .meterRegistry(meters).maxActiveActors(Math.max(actors, 1)).build().start();
            try {
                long start = System.nanoTime();
                clock.measureFrom(start + warmup.toNanos());
                AtomicLong sent = new AtomicLong();
                List<Thread> threads = startSenders(loom, payload, sent, start);
                try (ProgressBar bar = progress.bar("bench", messages, "turns")) {
                    waitFor(threads, clock, sent, bar);
                }
                long elapsed = Math.max(1, clock.lastCommitNanos() - start);
                report(opened, clock, sent.get(), elapsed, heap.peakBytes(), loom.cacheStats().size(),
                        StoreBatches.from(meters)).print(printer);
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    private void validate() {
        if (actors < 1 || messages < 1 || senders < 1 || payloadBytes < 0 || rate < 0) {
            throw new CliException("--actors, --messages and --senders must be at least 1; --payload-bytes and --rate at least 0",
                    ExitCode.USAGE);
        }
    }

    private List<Thread> startSenders(Loom loom, String payload, AtomicLong sent, long start) {
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long intervalNanos = rate == 0 ? 0 : (long) (senders * 1e9 / rate);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            threads.add(Thread.ofVirtual().name("bench-sender-" + s).start(() -> {
                long next = start;
                for (long i = first; i < messages && System.nanoTime() < deadline; i += senders) {
                    if (intervalNanos > 0) {
                        next += intervalNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    loom.send(ActorRef.of(BenchActor.NAME, "b-" + (i % actors)), new BenchActor.Ping(System.nanoTime(), payload));
                    sent.incrementAndGet();
                }
            }));
        }
        return threads;
    }

    private void waitFor(List<Thread> threads, CommitClock clock, AtomicLong sent, ProgressBar bar) {
        while (threads.stream().anyMatch(Thread::isAlive)) {
            bar.stepTo(clock.committed());
            sleep(50);
        }
        bar.maxHint(sent.get());
        long deadline = System.nanoTime() + commitTimeout.toNanos();
        while (clock.committed() < sent.get()) {
            if (System.nanoTime() > deadline) {
                throw new CliException("only " + clock.committed() + " of " + sent.get() + " turns committed within "
                        + commitTimeout + " after sending ended; raise --commit-timeout or lower --messages");
            }
            bar.stepTo(clock.committed());
            sleep(50);
        }
        bar.stepTo(clock.committed());
    }

    /** Sleeps {@code millis}, turning an interrupt into a {@link CliException}. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("benchmark interrupted");
        }
    }

    private BenchReport report(BenchStoreOptions.BenchStore opened, CommitClock clock, long sent, long elapsedNanos,
                               long peakHeap, int activeActors, StoreBatches batches) {
        Histogram h = clock.latencies();
        return new BenchReport("loom bench: " + sent + " messages to " + actors + " actors on " + opened.kind())
                .put("store", opened.kind())
                .put("actors", actors)
                .put("messages", sent)
                .put("senders", senders)
                .put("payload_bytes", payloadBytes)
                .put("rate_target_per_s", rate).put("warmup_s", warmup.toMillis() / 1000.0)
                .put("elapsed_s", elapsedNanos / 1e9)
                .put("throughput_per_s", clock.committed() / (elapsedNanos / 1e9))
                .put("p50_ms", h.getValueAtPercentile(50) / 1e6)
                .put("p95_ms", h.getValueAtPercentile(95) / 1e6)
                .put("p99_ms", h.getValueAtPercentile(99) / 1e6)
                .put("max_ms", h.getMaxValue() / 1e6)
                .put("peak_heap_mb", peakHeap / (1024.0 * 1024.0))
                .put("active_actors", activeActors)
                .put("store_commits", batches.commits())
                .put("store_batch_mean", batches.mean())
                .put("store_batch_max", batches.max());
    }
}
