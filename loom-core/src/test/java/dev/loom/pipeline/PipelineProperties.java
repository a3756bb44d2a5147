package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random DAGs of single, scatter and gather stages with random task failures, retry policies, conditions and
 * compensations. Every run must end in the one terminal status its failures imply, no target actor may commit a
 * task id twice, and the compensations must run once each, in reverse order of completion.
 */
class PipelineProperties {
    private static final List<String> ACTORS = List.of("r0", "r1", "r2", "r3");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static PipelineRuns runs;
    private static Loom loom;

    @BeforeContainer
    static void startNode() {
        runs = new PipelineRuns();
        loom = runs.start(runs.builder(new InMemoryStore(8)));
    }

    @AfterContainer
    static void stopNode() {
        runs.close();
    }

    /** What the generator decided for one stage. */
    private record Plan(boolean skipped, boolean fails, boolean compensated) {
    }

    @Property(tries = 60)
    void everyRunEndsInTheStatusItsFailuresImplyWithEachTaskAndCompensationOnce(@ForAll long seed) {
        Random random = new Random(seed);
        String name = "rand-" + RUNS.incrementAndGet();
        int stageCount = 1 + random.nextInt(6);
        PipelineDefinition.Builder builder = PipelineDefinition.builder(name, 1);
        ObjectNode input = Json.mapper().createObjectNode();
        ObjectNode flags = input.putObject("flags");
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < stageCount; i++) {
            String stage = "s" + i;
            List<String> deps = new ArrayList<>();
            for (int d = 0; d < i; d++) {
                if (random.nextInt(3) == 0) {
                    deps.add("s" + d);
                }
            }
            int attempts = 1 + random.nextInt(3);
            boolean compensated = random.nextInt(2) == 0;
            boolean conditional = random.nextInt(5) == 0;
            boolean skipped = conditional && random.nextBoolean();
            flags.put(stage, !skipped);
            Task undo = Workers.undo(ACTORS.get(random.nextInt(ACTORS.size())), name + "-" + stage + "-undo");
            int kind = deps.isEmpty() ? random.nextInt(2) : random.nextInt(3);
            boolean fails = false;
            if (kind == 0) {
                int failFirst = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
                fails = failFirst >= attempts;
                builder.single(stage, Workers.failing(ACTORS.get(random.nextInt(ACTORS.size())),
                        name + "-" + stage, failFirst), s -> configure(s, deps, attempts, compensated, conditional,
                        stage, undo));
            } else if (kind == 1) {
                ArrayNode items = input.putArray(stage);
                for (int n = random.nextInt(4); n > 0; n--) {
                    int failFirst = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
                    fails |= failFirst >= attempts;
                    items.addObject().put("key", name + "-" + stage + "-" + n).put("failFirst", failFirst)
                            .put("actor", ACTORS.get(random.nextInt(ACTORS.size())));
                }
                builder.scatter(stage, Value.at("/input/" + stage), Task.to("worker", Value.at("/item/actor"), "Do")
                                .with("key", "/item/key").with("failFirst", "/item/failFirst"),
                        random.nextInt(3), s -> configure(s, deps, attempts, compensated, conditional, stage, undo));
            } else {
                GatherStage.Mode mode = random.nextBoolean() ? GatherStage.Mode.ALL : GatherStage.Mode.FIRST;
                builder.gather(stage, mode, 0, s -> {
                    s.after(deps.toArray(String[]::new));
                    if (compensated) {
                        s.compensation(undo);
                    }
                    if (conditional) {
                        s.when("/input/flags/" + stage);
                    }
                });
            }
            plans.add(new Plan(skipped, fails && !skipped, compensated));
        }
        loom.pipelines().register(builder.build());

        String runId = loom.pipelines().start(name, input, null);
        RunView run = PipelineRuns.awaitEnd(loom, runId);
        RunTimeline timeline = loom.pipelines().timeline(runId);

        boolean anyFails = plans.stream().anyMatch(Plan::fails);
        boolean anyCompensation = plans.stream().anyMatch(Plan::compensated);
        RunStatus expected = !anyFails ? RunStatus.SUCCEEDED
                : anyCompensation ? RunStatus.COMPENSATED : RunStatus.FAILED;
        assertThat(run.status()).as("%s", timeline).isEqualTo(expected);
        assertThat(timeline.events()).filteredOn(e -> e.kind() == TimelineEvent.Kind.RUN_ENDED).hasSize(1);

        List<String> committed = Workers.committedTaskIds(loom, ACTORS).stream()
                .filter(id -> id.startsWith(runId + "/")).toList();
        assertThat(new HashSet<>(committed)).as("task ids committed twice").hasSameSizeAs(committed);

        List<String> completedWithUndo = new ArrayList<>();
        for (TimelineEvent e : timeline.events()) {
            if (e.kind() == TimelineEvent.Kind.STAGE_SUCCEEDED
                    && plans.get(Integer.parseInt(e.stage().substring(1))).compensated()) {
                completedWithUndo.add(name + "-" + e.stage() + "-undo");
            }
        }
        List<String> compensations = runs.workers.compensations.stream().filter(k -> k.startsWith(name + "-"))
                .toList();
        if (run.status() == RunStatus.SUCCEEDED) {
            assertThat(compensations).isEmpty();
        } else {
            assertThat(compensations).isEqualTo(completedWithUndo.reversed());
        }
        Set<String> skippedStages = new HashSet<>();
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).skipped()) {
                skippedStages.add("s" + i);
            }
        }
        assertThat(run.stages()).filteredOn(s -> skippedStages.contains(s.name()))
                .allSatisfy(s -> assertThat(s.status()).isIn(StageStatus.SKIPPED, StageStatus.PENDING,
                        StageStatus.CANCELLED));
    }

    private static void configure(StageSpec s, List<String> deps, int attempts, boolean compensated,
                                  boolean conditional, String stage, Task undo) {
        s.after(deps.toArray(String[]::new)).retry(attempts, Duration.ofMillis(1));
        if (compensated) {
            s.compensation(undo);
        }
        if (conditional) {
            s.when("/input/flags/" + stage);
        }
    }
}
