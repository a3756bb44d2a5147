package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.json.Json;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;
import dev.loom.runtime.Loom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pipelines", mixinStandardHelpOptions = true,
        description = {"Throughput of pipeline runs in an in-process Loom.",
                "Registers a pipeline of " + PipelineBenchCommand.STAGES + " single stages in a row (a -> b -> c), each"
                        + " sending one task to a `" + StageActor.NAME + "` actor,",
                "starts --runs runs from --starters virtual threads, waits until every run has ended, and prints runs",
                "per second and stage transitions per second (a run actor's turn that takes in a task's outcome,",
                "completing a stage and starting the next or ending the run, counted when its commit returns).",
                "Then reads every run's status back (from the store: an ended run leaves memory) and prints the",
                "microseconds per read and how many actors were still active.",
                "--warmup-runs runs first, outside the figures (the store's batch sizes include them): with fewer than",
                "about 20,000 the JIT compiler is still busy during the measured runs and the figure is the cold one."})
public final class PipelineBenchCommand implements Callable<Integer> {
    /** Stages of the benchmark pipeline. */
    static final int STAGES = 3;
    static final String PIPELINE = "bench-three-stages";

    @Spec
    CommandSpec spec;
    @Mixin
    BenchStoreOptions storeOptions;
    @Mixin
    OutputOptions output;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10000", description = "Runs to start and measure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup-runs", paramLabel = "N", defaultValue = "20000",
            description = "Runs started and finished before the measured ones (JIT warm-up; default ${DEFAULT-VALUE}).")
    int warmupRuns;

    @Option(names = "--starters", paramLabel = "N", defaultValue = "64",
            description = "Virtual threads starting runs concurrently, each waiting for its start to be accepted (default ${DEFAULT-VALUE}).")
    int starters;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "256",
            description = "`" + StageActor.NAME + "` actors the runs' tasks are spread over (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--commit-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "Longest wait for the runs to end after the last one started (default ${DEFAULT-VALUE}).")
    Duration commitTimeout;

    /** The benchmark's pipeline: a -> b -> c, each stage's output (a number) the next one's input. */
    static PipelineDefinition definition() {
        Value worker = Value.at("/input/worker");
        return PipelineDefinition.builder(PIPELINE, 1)
                .single("a", Task.to(StageActor.NAME, worker, "Step").with("n", Value.of(0)))
                .single("b", Task.to(StageActor.NAME, worker, "Step").with("n", "/stages/a/output"), s -> s.after("a"))
                .single("c", Task.to(StageActor.NAME, worker, "Step").with("n", "/stages/b/output"), s -> s.after("b"))
                .build();
    }

    @Override
    public Integer call() {
        if (runs < 1 || warmupRuns < 0 || starters < 1 || workers < 1) {
            throw new CliException("--runs, --starters and --workers must be at least 1; --warmup-runs at least 0",
                    ExitCode.USAGE);
        }
        Logs.warningsToStderr();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Printer printer = Printer.of(spec, output);
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        try (BenchStoreOptions.BenchStore opened = storeOptions.open(spec.commandLine().getErr());
             HeapSampler heap = new HeapSampler()) {
            StageTransitionClock clock = new StageTransitionClock(opened.store());
            Loom loom = Loom.builder().store(clock).actor(StageActor.type()).pipeline(definition())
                    .meterRegistry(meters).build().start();
            try {
                if (warmupRuns > 0) {
                    runPhase(loom, clock, "warm-up", 0, warmupRuns, progress);
                }
                long transitionsBefore = clock.transitions();
                long start = System.nanoTime();
                List<String> ids = runPhase(loom, clock, "bench", warmupRuns, runs, progress);
                long elapsed = Math.max(1, clock.lastNanos() - start);
                long transitions = clock.transitions() - transitionsBefore;
                StoreBatches batches = StoreBatches.from(meters);
                // Ended runs have left memory, so this reads each one back from the store, as a later status
                // query or the pipeline metrics' scan does; one thread, timed.
                int activeAfterRuns = loom.cacheStats().size();
                long readStart = System.nanoTime();
                long succeeded = ids.stream().filter(id -> loom.pipelines().status(id).status() == RunStatus.SUCCEEDED)
                        .count();
                long readNanos = System.nanoTime() - readStart;
                if (succeeded != ids.size()) {
                    throw new CliException((ids.size() - succeeded) + " of " + ids.size()
                            + " runs did not succeed; the figures would be wrong");
                }
                report(opened, ids.size(), transitions, elapsed, heap.peakBytes(), batches)
                        .put("active_actors_after_runs", activeAfterRuns)
                        .put("status_read_us_per_run", readNanos / 1e3 / ids.size())
                        .print(printer);
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    /** Starts {@code count} runs (numbered from {@code first}) and waits until each one's last stage is done. */
    private List<String> runPhase(Loom loom, StageTransitionClock clock, String label, int first, int count,
                                  Progress progress) {
        long target = clock.transitions() + (long) count * STAGES;
        AtomicLong next = new AtomicLong(first);
        long end = (long) first + count;
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < starters; s++) {
            threads.add(Thread.ofVirtual().name("pipeline-starter-" + s).start(() -> {
                for (long i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                    ids.add(loom.pipelines().start(PIPELINE,
                            Json.mapper().createObjectNode().put("worker", "w-" + (i % workers)), null));
                }
            }));
        }
        long base = clock.transitions();
        try (ProgressBar bar = progress.bar(label, (long) count * STAGES, "stages")) {
            long deadline = Long.MAX_VALUE;
            while (clock.transitions() < target) {
                if (deadline == Long.MAX_VALUE && threads.stream().noneMatch(Thread::isAlive)) {
                    deadline = System.nanoTime() + commitTimeout.toNanos();
                }
                if (System.nanoTime() > deadline) {
                    throw new CliException("only " + (clock.transitions() - base) + " of " + (long) count * STAGES
                            + " stage transitions committed within " + commitTimeout
                            + " after the last run started; raise --commit-timeout or lower --runs");
                }
                bar.stepTo(clock.transitions() - base);
                BenchCommand.sleep(20);
            }
            bar.stepTo(clock.transitions() - base);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("benchmark interrupted");
            }
        }
        return List.copyOf(ids);
    }

    private BenchReport report(BenchStoreOptions.BenchStore opened, int measured, long transitions, long elapsedNanos,
                               long peakHeap, StoreBatches batches) {
        double seconds = elapsedNanos / 1e9;
        return new BenchReport("loom bench pipelines: " + measured + " runs of " + STAGES + " stages on "
                + opened.kind())
                .put("store", opened.kind())
                .put("runs", measured)
                .put("stages", STAGES)
                .put("warmup_runs", warmupRuns)
                .put("starters", starters)
                .put("workers", workers)
                .put("elapsed_s", seconds)
                .put("runs_per_s", measured / seconds)
                .put("stage_transitions", transitions)
                .put("stage_transitions_per_s", transitions / seconds)
                .put("peak_heap_mb", peakHeap / (1024.0 * 1024.0))
                .put("store_commits", batches.commits())
                .put("store_batch_mean", batches.mean())
                .put("store_batch_max", batches.max());
    }
}
