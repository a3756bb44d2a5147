package dev.loom.cli.bench;

import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.examples.counter.Counter;
import dev.loom.runtime.Loom;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Heap per active idle actor.",
                "Activates --actors counters (one Increment each), lets them go idle, and divides the heap growth",
                "(measured after garbage collection) by the number of active actors."})
public final class MemoryBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    BenchStoreOptions storeOptions;
    @Mixin
    OutputOptions output;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "100000", description = "Counters to activate (default ${DEFAULT-VALUE}).")
    int actors;

    @Override
    public Integer call() throws InterruptedException {
        if (actors < 1) {
            throw new CliException("--actors must be at least 1", ExitCode.USAGE);
        }
        Logs.warningsToStderr();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        try (BenchStoreOptions.BenchStore opened = storeOptions.open(spec.commandLine().getErr())) {
            Loom loom = Loom.builder().store(opened.store()).actor(Counter.type()).meterRegistry(meters)
                    .maxActiveActors(actors).passivateAfter(Duration.ofHours(1)).build().start();
            try {
                long before = settledHeap();
                activate(loom, meters, progress);
                long after = settledHeap();
                int active = loom.cacheStats().size();
                if (active < actors) {
                    throw new CliException("only " + active + " of " + actors + " counters stayed active; the figure would be wrong");
                }
                new BenchReport("loom bench memory: " + active + " active idle counters on " + opened.kind())
                        .put("store", opened.kind())
                        .put("actors", actors)
                        .put("active_actors", active)
                        .put("heap_before_mb", before / (1024.0 * 1024.0))
                        .put("heap_after_mb", after / (1024.0 * 1024.0))
                        .put("bytes_per_actor", Math.max(0, after - before) / (double) active)
                        .print(Printer.of(spec, output));
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    private void activate(Loom loom, SimpleMeterRegistry meters, Progress progress) {
        int senders = 8;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = first; i < actors; i += senders) {
                    loom.send(ActorRef.of(Counter.NAME, "m-" + i), new Counter.Increment(1));
                }
            }));
        }
        try (ProgressBar bar = progress.bar("activate", actors, "actors")) {
            long done;
            while ((done = committed(meters)) < actors) {
                bar.stepTo(done);
                Thread.sleep(50);
            }
            for (Thread t : threads) {
                t.join();
            }
            bar.stepTo(done);
            while (loom.inFlightTurns() > 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("benchmark interrupted");
        }
    }

    private static long committed(SimpleMeterRegistry meters) {
        var c = Search.in(meters).name("loom.messages").tag("outcome", "committed").counter();
        return c == null ? 0 : (long) c.count();
    }

    /** Used heap after collecting garbage until it stops shrinking. */
    private static long settledHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = memory.getHeapMemoryUsage().getUsed();
        for (int i = 0; i < 10 && used < previous; i++) {
            previous = used;
            System.gc();
            Thread.sleep(100);
            used = memory.getHeapMemoryUsage().getUsed();
        }
        return Math.min(used, previous);
    }
}
