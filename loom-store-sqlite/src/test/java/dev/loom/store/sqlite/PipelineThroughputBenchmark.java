package dev.loom.store.sqlite;

import dev.loom.actor.ActorType;
import dev.loom.json.Json;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunFilter;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;
import dev.loom.runtime.Loom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of pipeline runs on a SQLite file, printed as runs/s and stage transitions/s (not a test; surefire does
 * not run it). Each run has three {@code single} stages in a chain, each a task to one of 64 step actors; a stage
 * transition is one stage completing. Runs are started by {@code clients} virtual threads (default 500), and the clock runs until every run has
 * ended (checked by reading each run's state).
 *
 * <p>Run: {@code mvn -q -o -pl loom-store-sqlite -am test-compile} then
 * {@code java -cp <test classpath> dev.loom.store.sqlite.PipelineThroughputBenchmark [runs] [clients]}.
 */
public final class PipelineThroughputBenchmark {
    record Steps(long n) {
    }

    record Step(String stage, long n) {
    }

    private PipelineThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("loom-pipeline-bench");
        ActorType<Steps, Step> step = ActorType.builder("step", Steps.class, Step.class)
                .initialState(new Steps(0))
                .handler((ctx, state, msg) -> {
                    ctx.reply(msg.n() + 1);
                    return new Steps(state.n() + 1);
                })
                .build();
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(dir.resolve("bench.db")).withPartitions(64))) {
            Loom loom = Loom.builder().store(store).actor(step).enablePipelines().build().start();
            try {
                loom.pipelines().register(PipelineDefinition.builder("three", 1)
                        .single("a", task("/input/actor", "a", "/input/n"))
                        .single("b", task("/input/actor", "b", "/stages/a/output"), s -> s.after("a"))
                        .single("c", task("/input/actor", "c", "/stages/b/output"), s -> s.after("b"))
                        .build());
                long started = System.nanoTime();
                List<String> ids = startAll(loom, runs, clients);
                long startedAll = System.nanoTime();
                for (String id : ids) {
                    while (!loom.pipelines().status(id).status().isTerminal()) {
                        Thread.sleep(5);
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long succeeded = loom.pipelines().list(RunFilter.all().withStatus(RunStatus.SUCCEEDED)
                        .withLimit(RunFilter.MAX_LIMIT)).runs().size();
                System.out.printf("[loom-store-sqlite] pipelines on sqlite, %d clients: %d runs of 3 stages in %.2f s"
                                + " (starts took %.2f s): %.0f runs/s, %.0f stage transitions/s; %d of the first"
                                + " %d listed succeeded%n", clients, runs, seconds, (startedAll - started) / 1e9,
                        runs / seconds, 3 * runs / seconds, succeeded, Math.min(runs, RunFilter.MAX_LIMIT));
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    private static Task task(String actor, String stage, String n) {
        return Task.to("step", Value.at(actor), "Step").with("stage", Value.of(stage)).with("n", n);
    }

    private static List<String> startAll(Loom loom, int runs, int clientCount) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(clientCount, Thread.ofVirtual().factory());
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int n = i;
                started.add(clients.submit(() -> loom.pipelines().start("three",
                        Json.parse("{\"actor\": \"s" + (n % 64) + "\", \"n\": " + n + "}"), "run-" + n)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : started) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            clients.shutdown();
        }
    }
}
