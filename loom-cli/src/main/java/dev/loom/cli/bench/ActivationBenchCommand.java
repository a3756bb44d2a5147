package dev.loom.cli.bench;

import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.runtime.Loom;
import dev.loom.store.sqlite.SynchronousMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "activation", mixinStandardHelpOptions = true,
        description = {"Activation time of an actor with a long journal.",
                "Gives one actor --entries turns (journal kept whole, a snapshot every --snapshot-every turns), then",
                "passivates it and --runs times times restoring its state from the store (latest snapshot + journal",
                "tail: the fold an activation runs). The fill syncs SQLite at checkpoints only (NORMAL) to be quick;",
                "restoring is a read, which the sync mode does not affect."})
public final class ActivationBenchCommand implements Callable<Integer> {
    private static final ActorRef ACTOR = ActorRef.of(BenchActor.NAME, "long-journal");

    @Spec
    CommandSpec spec;
    @Mixin
    BenchStoreOptions storeOptions;
    @Mixin
    OutputOptions output;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "100000", description = "Journal entries of the actor (default ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "1000", description = "Turns between snapshots (default ${DEFAULT-VALUE}).")
    int snapshotEvery;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "20", description = "Activations to time (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (entries < 1 || snapshotEvery < 0 || runs < 1) {
            throw new CliException("--entries and --runs must be at least 1, --snapshot-every at least 0", ExitCode.USAGE);
        }
        Logs.warningsToStderr();
        CommitClock clock = new CommitClock();
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        try (BenchStoreOptions.BenchStore opened = storeOptions.open(SynchronousMode.NORMAL, spec.commandLine().getErr())) {
            Loom loom = Loom.builder().store(new CommitTimingStore(opened.store(), clock))
                    .actor(BenchActor.type(clock, snapshotEvery, true)).build().start();
            try {
                fill(loom, clock, progress);
                passivate(loom);
                Histogram micros = new Histogram(3);
                long seq = 0;
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    seq = loom.state(ACTOR).seq();
                    micros.recordValue((System.nanoTime() - start) / 1000);
                }
                if (seq != entries || loom.cacheStats().size() != 0) {
                    throw new IllegalStateException("restored seq " + seq + " of " + entries + " entries with "
                            + loom.cacheStats().size() + " actors active; the timing would not be of a cold restore");
                }
                new BenchReport("loom bench activation: one actor with " + seq + " journal entries on " + opened.kind())
                        .put("store", opened.kind())
                        .put("journal_entries", seq)
                        .put("snapshot_every", snapshotEvery)
                        .put("runs", runs)
                        .put("activation_p50_ms", micros.getValueAtPercentile(50) / 1000.0)
                        .put("activation_mean_ms", micros.getMean() / 1000.0)
                        .put("activation_max_ms", micros.getMaxValue() / 1000.0)
                        .print(Printer.of(spec, output));
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    /** Passivates the actor once its turn loop has gone idle, so that reading its state restores it from the store. */
    private static void passivate(Loom loom) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loom.clearCache(ACTOR.toString()) != 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark actor did not go idle within 10 s after its last turn");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("benchmark interrupted");
            }
        }
    }

    /** Gives the actor its turns; several senders keep its mailbox full so turns are committed in batches. */
    private void fill(Loom loom, CommitClock clock, Progress progress) {
        int senders = 4;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = first; i < entries; i += senders) {
                    loom.send(ACTOR, new BenchActor.Ping(System.nanoTime(), ""));
                }
            }));
        }
        try (ProgressBar bar = progress.bar("journal", entries, "entries")) {
            while (clock.committed() < entries) {
                bar.stepTo(clock.committed());
                Thread.sleep(50);
            }
            for (Thread t : threads) {
                t.join();
            }
            bar.stepTo(clock.committed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("benchmark interrupted");
        }
    }
}
