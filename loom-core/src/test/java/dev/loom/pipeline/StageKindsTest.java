package dev.loom.pipeline;

import static dev.loom.pipeline.PipelineRuns.awaitEnd;
import static dev.loom.pipeline.Workers.failing;
import static dev.loom.pipeline.Workers.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each stage kind runs its tasks and produces its output; conditions skip; empty stages complete at once. */
class StageKindsTest {
    @RegisterExtension
    final PipelineRuns runs = new PipelineRuns();

    private static RunView succeeded(Loom loom, String runId) {
        RunView run = awaitEnd(loom, runId);
        assertThat(run.status()).as("%s", loom.pipelines().timeline(runId)).isEqualTo(RunStatus.SUCCEEDED);
        return run;
    }

    @Test
    void aSingleStageSendsOneTaskAndItsReplyIsTheOutput() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("one", 1)
                .single("only", task("w1", "k").with("value", "/input/x"))
                .build());

        String runId = loom.pipelines().start("one", Json.parse("{\"x\": 42}"), "key-1");
        RunView run = succeeded(loom, runId);

        JsonNode output = run.stages().getFirst().output();
        assertThat(output.path("value").asInt()).isEqualTo(42);
        assertThat(run.stages().getFirst().tasks().getFirst().taskId()).isEqualTo(runId + "/only/1/0");
        assertThat(Workers.committedTaskIds(loom, List.of("w1"))).containsExactly(runId + "/only/1/0");

        // The ended run leaves memory at once (the idle timeout is minutes) and is read back from the store.
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().evictions() == 1);
        assertThat(loom.pipelines().status(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(loom.pipelines().status(runId).stages().getFirst().output().path("value").asInt()).isEqualTo(42);
    }

    @Test
    void aLaterStageReadsAnEarlierStagesOutput() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("chain", 1)
                .single("first", task("w1", "first").with("value", "/input/x"))
                .single("second", task("w1", "second").with("value", "/stages/first/output/value"),
                        s -> s.after("first"))
                .build());

        RunView run = succeeded(loom, loom.pipelines().start("chain", Json.parse("{\"x\": \"abc\"}"), null));

        assertThat(run.stage("second").output().path("value").asText()).isEqualTo("abc");
    }

    @Test
    void aScatterSendsATaskPerItemWithinItsConcurrencyAndKeepsItemOrder() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("pages", 1)
                .scatter("read", Value.at("/input/pages"),
                        Task.to("worker", Value.at("/item/shard"), "Do").with("key", "/item/name")
                                .with("failFirst", Value.of(0)).with("value", "/index"),
                        2, s -> { })
                .build());
        String pages = "[" + String.join(",", java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> "{\"name\": \"page-" + i + "\", \"shard\": \"s" + (i % 3) + "\"}").toList()) + "]";

        String runId = loom.pipelines().start("pages", Json.parse("{\"pages\": " + pages + "}"), null);
        RunView run = succeeded(loom, runId);

        JsonNode output = run.stage("read").output();
        assertThat(output).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(output.get(i).path("key").asText()).isEqualTo("page-" + i);
            assertThat(output.get(i).path("value").asInt()).isEqualTo(i);
        }
        int inFlight = 0;
        int most = 0;
        for (TimelineEvent e : loom.pipelines().timeline(runId).events()) {
            if (e.kind() == TimelineEvent.Kind.TASK_SENT) {
                most = Math.max(most, ++inFlight);
            } else if (e.kind() == TimelineEvent.Kind.TASK_SUCCEEDED) {
                inFlight--;
            }
        }
        assertThat(most).isEqualTo(2);
    }

    @Test
    void anEmptyScatterOrBroadcastCompletesAtOnceWithAnEmptyOutput() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("empty", 1)
                .scatter("none", Value.at("/input/items"), task("w1", "never"), 0, s -> { })
                .broadcast("nobody", "worker", Value.of(List.of()), "Do", Map.of("key", Value.of("never"),
                        "failFirst", Value.of(0)), s -> { })
                .single("after", task("w1", "after-empty"), s -> s.after("none", "nobody"))
                .build());

        RunView run = succeeded(loom, loom.pipelines().start("empty", Json.parse("{\"items\": []}"), null));

        assertThat(run.stage("none").output()).isEmpty();
        assertThat(run.stage("nobody").output()).isEmpty();
        assertThat(run.stage("none").tasks()).isEmpty();
        assertThat(runs.workers.handled).containsExactly("after-empty");
    }

    @Test
    void aBroadcastSendsTheSameMessageToEveryActorId() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("notify", 1)
                .broadcast("all", "worker", Value.at("/input/ids"), "Do",
                        Map.of("key", Value.of("hello"), "failFirst", Value.of(0)), s -> { })
                .build());

        String runId = loom.pipelines().start("notify", Json.parse("{\"ids\": [\"a\", \"b\", \"c\"]}"), null);
        RunView run = succeeded(loom, runId);

        assertThat(run.stage("all").tasks()).extracting(TaskView::target)
                .containsExactly("worker/a", "worker/b", "worker/c");
        assertThat(run.stage("all").output()).hasSize(3);
        assertThat(Workers.committedTaskIds(loom, List.of("a", "b", "c")))
                .containsExactly(runId + "/all/1/0", runId + "/all/1/1", runId + "/all/1/2");
    }

    @Test
    void aForkJoinRunsItsBranchesAndOutputsTheirRepliesByName() {
        Loom loom = runs.start();
        Map<String, Task> branches = new LinkedHashMap<>();
        branches.put("fraud", task("checks", "fraud"));
        branches.put("credit", task("checks", "credit"));
        loom.pipelines().register(PipelineDefinition.builder("checks", 1)
                .forkJoin("both", branches, s -> { })
                .build());

        RunView run = succeeded(loom, loom.pipelines().start("checks", null, null));

        JsonNode output = run.stage("both").output();
        assertThat(output.fieldNames()).toIterable().containsExactly("fraud", "credit");
        assertThat(output.path("credit").path("key").asText()).isEqualTo("credit");
    }

    @Test
    void aGatherWaitsForAllOrNOfMOrTheFirst() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("gathers", 1)
                .single("fast", task("w1", "fast"))
                .single("slow", failing("w2", "slow", 1), s -> s.retry(2, Duration.ofMillis(300)))
                .single("third", task("w3", "third"))
                .gather("all", GatherStage.Mode.ALL, 0, s -> s.after("fast", "slow", "third"))
                .gather("two", GatherStage.Mode.N_OF_M, 2, s -> s.after("fast", "slow", "third"))
                .gather("first", GatherStage.Mode.FIRST, 0, s -> s.after("fast", "slow"))
                .build());

        RunView run = succeeded(loom, loom.pipelines().start("gathers", null, null));

        assertThat(run.stage("all").output().fieldNames()).toIterable()
                .containsExactlyInAnyOrder("fast", "slow", "third");
        assertThat(run.stage("two").output().fieldNames()).toIterable().containsExactlyInAnyOrder("fast", "third");
        assertThat(run.stage("first").output().path("key").asText()).isEqualTo("fast");
        assertThat(run.stage("first").endedAt()).isBefore(run.stage("slow").endedAt());
    }

    @Test
    void aFalseConditionSkipsTheStageAndLaterStagesSeeNull() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("conditional", 1)
                .single("maybe", task("w1", "maybe"), s -> s.when("/input/go"))
                .single("after", task("w1", "after").with("value", "/stages/maybe/output"), s -> s.after("maybe"))
                .build());

        RunView skipped = succeeded(loom, loom.pipelines().start("conditional", Json.parse("{\"go\": false}"), null));
        RunView ran = succeeded(loom, loom.pipelines().start("conditional", Json.parse("{\"go\": true}"), null));

        assertThat(skipped.stage("maybe").status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(skipped.stage("maybe").tasks()).isEmpty();
        assertThat(skipped.stage("after").output().path("value").isNull()).isTrue();
        assertThat(ran.stage("maybe").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(runs.workers.handled).containsExactly("after", "maybe", "after");
    }
}
