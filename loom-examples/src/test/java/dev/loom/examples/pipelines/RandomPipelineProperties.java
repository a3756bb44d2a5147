package dev.loom.examples.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.loom.json.Json;
import dev.loom.pipeline.GatherStage;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.TimelineEvent;
import dev.loom.pipeline.Value;
import dev.loom.runtime.Loom;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * Random DAGs of single, scatter (0-3 items), gather (all, n of m, first) and fork-join stages, with random task
 * failures, stage retries and compensations, run end to end on a node: every run ends in exactly one terminal
 * status, the one the failures call for; no task's effect is committed twice; and a rolled-back run compensates
 * the stages that succeeded, each once, in reverse order of completion.
 */
class RandomPipelineProperties {
    private static final List<String> WORKERS = List.of("w0", "w1", "w2");

    /**
     * One generated stage.
     *
     * @param kind       0 single, 1 scatter, 2 gather (single when it has no dependency), 3 fork-join
     * @param depsMask   which earlier stages it depends on (bit i: stage i)
     * @param failFirst  per task, how many calls fail first
     * @param attempts   the stage's attempts per task
     * @param compensate whether it has a compensation
     * @param items      scatter items (0-3)
     * @param gatherMode 0 all, 1 n of m, 2 first
     */
    record Gen(int kind, int depsMask, List<Integer> failFirst, int attempts, boolean compensate, int items,
               int gatherMode) {
    }

    private PropWorker worker;
    private Loom loom;
    private int runs;

    @AfterTry
    void stop() {
        if (loom != null) {
            loom.shutdown(Duration.ofSeconds(5));
            loom = null;
        }
    }

    @Provide
    Arbitrary<List<Gen>> dags() {
        Arbitrary<Integer> fails = Arbitraries.of(0, 0, 0, 0, 0, 1, 2, 9);
        Arbitrary<Gen> stage = Combinators.combine(Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 63), fails.list().ofSize(3),
                        Arbitraries.integers().between(1, 3), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2))
                .as(Gen::new);
        return stage.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 40)
    void everyRunEndsOnceWithEveryTaskOnceAndCompensationsInReverseOrder(@ForAll("dags") List<Gen> dag) {
        worker = new PropWorker();
        var b = Loom.builder().store(new InMemoryStore(4)).actor(worker.type()).enablePipelines()
                .pollInterval(Duration.ofMillis(10)).timerInterval(Duration.ofMillis(5))
                .drainTimeout(Duration.ofSeconds(5));
        loom = b.build().start();
        String name = "random-" + runs++;
        Model model = build(name, dag);
        loom.pipelines().register(model.definition);

        String runId = loom.pipelines().start(name, null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> loom.pipelines().status(runId).status().isTerminal());
        RunView run = loom.pipelines().status(runId);
        List<TimelineEvent> events = loom.pipelines().timeline(runId).events();

        net.jqwik.api.statistics.Statistics.label("status").collect(run.status());
        assertThat(events).filteredOn(e -> e.kind() == TimelineEvent.Kind.RUN_ENDED).hasSize(1);
        RunStatus expected = !model.fails ? RunStatus.SUCCEEDED
                : model.compensated.isEmpty() ? RunStatus.FAILED : RunStatus.COMPENSATED;
        assertThat(run.status()).as("%s", model.definition.toJson()).isEqualTo(expected);

        List<String> committed = PropWorker.committedTaskIds(loom, WORKERS);
        assertThat(new HashSet<>(committed)).as("task ids committed twice").hasSameSizeAs(committed);
        assertThat(worker.successes.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

        List<String> succeededInOrder = events.stream().filter(e -> e.kind() == TimelineEvent.Kind.STAGE_SUCCEEDED)
                .map(TimelineEvent::stage).filter(model.compensated::contains).toList();
        List<String> undone = worker.undone.stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
        if (run.status() == RunStatus.SUCCEEDED) {
            assertThat(undone).isEmpty();
        } else {
            assertThat(undone).isEqualTo(reversed(succeededInOrder));
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    /** A definition, whether some stage must fail, and the stages with a compensation. */
    private record Model(PipelineDefinition definition, boolean fails, Set<String> compensated) {
    }

    private static Model build(String name, List<Gen> dag) {
        PipelineDefinition.Builder b = PipelineDefinition.builder(name, 1);
        boolean fails = false;
        Set<String> compensated = new HashSet<>();
        for (int i = 0; i < dag.size(); i++) {
            Gen g = dag.get(i);
            String stage = "s" + i;
            List<String> deps = new ArrayList<>();
            for (int d = 0; d < i; d++) {
                if ((g.depsMask() & (1 << d)) != 0) {
                    deps.add("s" + d);
                }
            }
            int kind = g.kind() == 2 && deps.isEmpty() ? 0 : g.kind();
            int tasks = switch (kind) {
                case 0 -> 1;
                case 1 -> g.items();
                case 3 -> 2;
                default -> 0;
            };
            for (int t = 0; t < tasks; t++) {
                fails |= g.failFirst().get(t) >= g.attempts();
            }
            if (g.compensate()) {
                compensated.add(stage);
            }
            String worker = WORKERS.get(i % WORKERS.size());
            String key = name + "/" + stage;
            boolean sendsTasks = kind != 2;
            java.util.function.Consumer<dev.loom.pipeline.StageSpec> spec = s -> {
                s.after(deps.toArray(String[]::new));
                if (sendsTasks && g.attempts() > 1) {
                    s.retry(g.attempts(), Duration.ofMillis(5));
                }
                if (g.compensate()) {
                    s.compensation(Task.to(PropWorker.NAME, worker, "Undo").with("key", Value.of(key)));
                }
            };
            switch (kind) {
                case 0 -> b.single(stage, doTask(worker, key + "/0", g.failFirst().get(0)), spec);
                case 1 -> {
                    ArrayNode items = Json.mapper().createArrayNode();
                    for (int t = 0; t < g.items(); t++) {
                        items.addObject().put("key", key + "/" + t).put("failFirst", g.failFirst().get(t));
                    }
                    b.scatter(stage, new Value(null, items), Task.to(PropWorker.NAME, worker, "Do")
                            .with("key", "/item/key").with("failFirst", "/item/failFirst"), 2, spec);
                }
                case 2 -> {
                    GatherStage.Mode mode = GatherStage.Mode.values()[g.gatherMode()];
                    b.gather(stage, mode, 1 + g.depsMask() % deps.size(), spec);
                }
                default -> {
                    Map<String, Task> branches = new LinkedHashMap<>();
                    branches.put("left", doTask(worker, key + "/0", g.failFirst().get(0)));
                    branches.put("right", doTask(worker, key + "/1", g.failFirst().get(1)));
                    b.forkJoin(stage, branches, spec);
                }
            }
        }
        return new Model(b.build(), fails, compensated);
    }

    private static Task doTask(String worker, String key, int failFirst) {
        return Task.to(PropWorker.NAME, worker, "Do").with("key", Value.of(key)).with("failFirst", Value.of(failFirst));
    }
}
