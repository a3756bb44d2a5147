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
import dev.loom.runtime.LoomBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
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
                "committed, and prints turns committed per second, latency from send to commit (p50/p95/p99/max) and",
                "its parts (the durable enqueue, send to the turn's start, the turn's start to its commit), peak",
                "heap, active actors and the store's group-commit batch sizes.",
                "--store postgres runs on a PostgreSQL (--pg-url, or an embedded one started for the run); with",
                "--nodes N, N nodes in this process share it as a cluster. `./loom bench compare` (run by the",
                "launcher from loom-bench) compares Loom with Pekko persistence and DBOS on one embedded PostgreSQL.",
                "Sub-benchmarks: `loom bench activation`, `loom bench memory`, `loom bench http` (a running server),",
                "`loom bench pipelines`."})
public final class BenchCommand implements Callable<Integer> {
    private static final Duration BALANCE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLUSTER_LEASE_TTL = Duration.ofSeconds(3);

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
            description = "Messages per second to send in total, evenly spaced (message i is due at i/R seconds and"
                    + " timed from then); 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Loom nodes to run in this process, each with its own store handle (connection pool and"
                    + " committer), sharing the partitions as a cluster does; needs a store several nodes share, such"
                    + " as postgres. Senders are spread over the nodes; figures are totals. The nodes renew leases every"
                    + " second (3 s TTL) and the run starts once they hold every partition, each at most its share"
                    + " (default ${DEFAULT-VALUE}).")
    int nodes;

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
            if (nodes > 1 && !opened.multiNode()) {
                throw new CliException("--nodes " + nodes + " needs a store that several nodes share, such as --store"
                        + " postgres; the " + opened.kind() + " store serves one node", ExitCode.USAGE);
            }
            List<Loom> looms = new ArrayList<>();
            try {
                for (int n = 0; n < nodes; n++) {
                    LoomBuilder node = Loom.builder()
                            .store(new CommitTimingStore(n == 0 ? opened.store() : opened.another(), clock))
                            .actor(BenchActor.type(clock)).meterRegistry(meters).nodeId("bench-node-" + n)
                            .maxActiveActors(Math.max(actors, 1));
                    if (nodes > 1) {
                        // lease rounds every second, so that the nodes share the partitions within seconds
                        node.leaseTtl(CLUSTER_LEASE_TTL);
                    }
                    looms.add(node.build().start());
                }
                if (nodes > 1) {
                    awaitBalance(looms, opened.store().partitions(), spec.commandLine().getErr());
                }
                long start = System.nanoTime();
                clock.measureFrom(start + warmup.toNanos());
                AtomicLong sent = new AtomicLong();
                List<Thread> threads = startSenders(looms, clock, payload, sent, start);
                try (ProgressBar bar = progress.bar("bench", messages, "turns")) {
                    waitFor(threads, clock, sent, bar);
                }
                long elapsed = Math.max(1, clock.lastCommitNanos() - start);
                report(opened, clock, sent.get(), elapsed, heap.peakBytes(),
                        looms.stream().mapToInt(l -> l.cacheStats().size()).sum(), StoreBatches.from(meters)).print(printer);
            } finally {
                looms.forEach(l -> l.shutdown(Duration.ofSeconds(30)));
            }
        }
        return 0;
    }

    private void validate() {
        if (actors < 1 || messages < 1 || senders < 1 || nodes < 1 || payloadBytes < 0 || rate < 0) {
            throw new CliException("--actors, --messages, --senders and --nodes must be at least 1; --payload-bytes and"
                    + " --rate at least 0", ExitCode.USAGE);
        }
    }

    /**
     * Waits until the nodes hold every partition between them, each its share or less (the lease keepers' rule:
     * at most ceil(partitions / nodes)), so that the run measures the cluster and not one node that took every
     * partition before the others joined.
     */
    private static void awaitBalance(List<Loom> looms, int partitions, PrintWriter err) {
        long deadline = System.nanoTime() + BALANCE_TIMEOUT.toNanos();
        int share = (partitions + looms.size() - 1) / looms.size();
        while (true) {
            List<Integer> held = looms.stream().map(l -> l.heldPartitions().size()).toList();
            int total = held.stream().mapToInt(Integer::intValue).sum();
            int most = held.stream().mapToInt(Integer::intValue).max().orElse(0);
            int least = held.stream().mapToInt(Integer::intValue).min().orElse(0);
            if (total == partitions && most <= share && least > 0) {
                err.println("loom: " + looms.size() + " nodes hold " + held + " of " + partitions + " partitions");
                err.flush();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the " + looms.size() + " nodes did not share the " + partitions
                        + " partitions, at most " + share + " each, within " + BALANCE_TIMEOUT + " (they hold " + held + ")");
            }
            sleep(50);
        }
    }

    private List<Thread> startSenders(List<Loom> looms, CommitClock clock, String payload, AtomicLong sent, long start) {
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        // Message i is due at start + i / rate: the senders take turns, so the load arrives evenly rather than in
        // bursts of one message per sender every senders / rate seconds.
        double nanosPerMessage = rate == 0 ? 0 : 1e9 / rate;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            Loom loom = looms.get(s % looms.size());
            threads.add(Thread.ofVirtual().name("bench-sender-" + s).start(() -> {
                for (long i = first; i < messages && System.nanoTime() < deadline; i += senders) {
                    long sentAt = System.nanoTime();
                    if (nanosPerMessage > 0) {
                        // Timed from when the message was due, so a sender held up by the runtime counts the delay.
                        sentAt = start + (long) (i * nanosPerMessage);
                        long wait = sentAt - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    loom.send(ActorRef.of(BenchActor.NAME, "b-" + (i % actors)), new BenchActor.Ping(sentAt, payload));
                    clock.enqueued(sentAt, System.nanoTime());
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
        return new BenchReport("loom bench: " + sent + " messages to " + actors + " actors on " + opened.kind()
                + (nodes > 1 ? ", " + nodes + " nodes" : ""))
                .put("store", opened.kind())
                .put("nodes", nodes)
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
                .put("enqueue_p50_ms", clock.enqueueLatencies().getValueAtPercentile(50) / 1e6)
                .put("enqueue_p99_ms", clock.enqueueLatencies().getValueAtPercentile(99) / 1e6)
                .put("to_turn_p50_ms", clock.toTurnLatencies().getValueAtPercentile(50) / 1e6)
                .put("to_turn_p99_ms", clock.toTurnLatencies().getValueAtPercentile(99) / 1e6)
                .put("turn_to_commit_p50_ms", clock.turnToCommitLatencies().getValueAtPercentile(50) / 1e6)
                .put("turn_to_commit_p99_ms", clock.turnToCommitLatencies().getValueAtPercentile(99) / 1e6)
                .put("peak_heap_mb", peakHeap / (1024.0 * 1024.0))
                .put("active_actors", activeActors)
                .put("store_commits", batches.commits())
                .put("store_batch_mean", batches.mean())
                .put("store_batch_max", batches.max());
    }
}
