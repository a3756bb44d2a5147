package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The run state names its definition; states written when runs held a copy of it still read, and run on the copy.
 */
class RunStateShapeTest {
    private static final PipelineDefinition DEFINITION = PipelineDefinition.builder("shaped", 4)
            .single("a", Task.to("worker", Value.of("w-1"), "Step").with("n", Value.of(1)))
            .single("b", Task.to("worker", Value.of("w-1"), "Step").with("n", "/stages/a/output"), s -> s.after("a"))
            .build();

    @Test
    void aStateWithACopyOfItsDefinitionReadsAndRunsOnTheCopy() {
        ObjectNode old = Json.mapper().createObjectNode();
        old.put("runId", "shaped~1");
        old.set("definition", DEFINITION.toJsonTree());
        putEveryMemberOfARunningRun(old);
        ObjectNode stages = old.putObject("stages");
        stages.set("a", Json.toTree(new StageRun()));
        stages.set("b", Json.toTree(new StageRun()));
        old.putArray("completed");
        old.putArray("finished");
        old.putArray("events").add(Json.toTree(new TimelineEvent(Instant.parse("2026-01-02T03:04:05Z"),
                TimelineEvent.Kind.RUN_STARTED, null, null, 0, Json.mapper().getNodeFactory().numberNode(4), null)));
        old.put("droppedEvents", 0);

        RunState run = Json.fromTree(old, RunState.class).resolve(new PinnedDefinitions());

        assertThat(run.started()).isTrue();
        assertThat(run.view().pipeline()).isEqualTo("shaped");
        assertThat(run.view().version()).isEqualTo(4);
        assertThat(run.view().stages()).extracting(StageView::name).containsExactly("a", "b");
        assertThat(run.timeline().events()).extracting(TimelineEvent::kind).containsExactly(TimelineEvent.Kind.RUN_STARTED);
        JsonNode again = Json.toTree(run);
        assertThat(again.get("definition")).isEqualTo(old.get("definition"));
        assertThat(again.get("events")).isEqualTo(old.get("events"));
    }

    @Test
    void aNewStateNamesItsDefinitionInsteadOfCopyingIt() {
        RunState run = RunState.empty();
        run.runId = "shaped~2";
        run.pin(DEFINITION);

        JsonNode tree = Json.toTree(run);

        assertThat(tree.has("definition")).isFalse();
        assertThat(tree.get("pipeline").asText()).isEqualTo("shaped");
        assertThat(tree.get("version").asInt()).isEqualTo(4);
        PinnedDefinitions known = new PinnedDefinitions();
        known.remember(DEFINITION);
        assertThat(Json.fromTree(tree, RunState.class).resolve(known).definition()).isEqualTo(DEFINITION);
    }

    @Test
    void anEventIsStoredWithTheMembersItHasAndReadsBack() {
        TimelineEvent full = new TimelineEvent(Instant.parse("2026-01-02T03:04:05.123456789Z"),
                TimelineEvent.Kind.TASK_FAILED, "a", "r~1/a/3/0", 3, Json.mapper().createObjectNode().put("n", 1L),
                new RunError("a", "r~1/a/3/0", "timeout", "no reply in PT1S"));
        TimelineEvent bare = new TimelineEvent(Instant.EPOCH, TimelineEvent.Kind.RUN_STARTED, null, null, 0,
                NullNode.instance, null);
        TimelineEvent foreign = new TimelineEvent(Instant.EPOCH, TimelineEvent.Kind.TASK_SENT, "a", "other~2/a/1/0",
                1, NullNode.instance, null);

        ObjectNode stored = StoredEvents.tree(full, "r~1");
        assertThat(stored.get("task").asText()).as("the run's own task, without the run id").isEqualTo("a/3/0");
        assertThat(stored.has("taskId")).isFalse();
        assertThat(StoredEvents.tree(bare, "r~1").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("at", "kind");
        assertThat(StoredEvents.tree(foreign, "r~1").get("taskId").asText()).isEqualTo("other~2/a/1/0");
        assertThat(StoredEvents.read(stored, "r~1")).isEqualTo(full);
        assertThat(StoredEvents.read(StoredEvents.tree(bare, "r~1"), "r~1")).isEqualTo(bare);
        assertThat(StoredEvents.read(StoredEvents.tree(foreign, "r~1"), "r~1")).isEqualTo(foreign);
    }

    @Test
    void anEventStoredWithEveryMemberStillReads() {
        ObjectNode old = Json.mapper().createObjectNode();
        old.put("at", "2026-01-02T03:04:05Z");
        old.put("kind", "TASK_SENT");
        old.put("stage", "a");
        old.put("taskId", "r~1/a/1/0");
        old.put("attempt", 1);
        old.putNull("detail");
        old.putNull("error");

        assertThat(StoredEvents.read(old, "r~1")).isEqualTo(new TimelineEvent(Instant.parse("2026-01-02T03:04:05Z"),
                TimelineEvent.Kind.TASK_SENT, "a", "r~1/a/1/0", 1, NullNode.instance, null));
    }

    @Test
    void aStateStoredWithEveryMemberReadsAsTheSameState() {
        ObjectNode old = Json.mapper().createObjectNode();
        old.put("runId", "shaped~3");
        old.put("pipeline", "shaped");
        old.put("version", 4);
        putEveryMemberOfARunningRun(old);
        ObjectNode stages = old.putObject("stages");
        ObjectNode a = stages.putObject("a");
        a.put("status", "RUNNING");
        a.put("startedAt", "2026-01-02T03:04:05Z");
        a.putNull("endedAt");
        a.putNull("output");
        a.putNull("error");
        ObjectNode task = a.putArray("tasks").addObject();
        task.put("index", 0);
        task.putNull("branch");
        task.put("actorType", "worker");
        task.put("actorId", "w-1");
        task.put("messageType", "Step");
        task.putObject("payload").put("n", 1);
        task.put("attempt", 1);
        task.put("base", 0);
        task.put("taskId", "shaped~3/a/1/0");
        task.put("status", "SENT");
        task.put("sentAt", "2026-01-02T03:04:05Z");
        task.putNull("endedAt");
        task.putNull("result");
        task.putNull("error");
        a.put("breakerWait", false);
        a.put("approvalRound", 0);
        a.put("approvalTimedOut", false);
        a.put("escalated", false);
        a.putNull("compensation");
        a.put("attemptOffset", 0);
        a.put("extraTasks", 0);
        ObjectNode b = stages.putObject("b");
        b.put("status", "PENDING");
        b.putNull("startedAt");
        b.putNull("endedAt");
        b.putNull("output");
        b.putNull("error");
        b.putArray("tasks");
        b.put("breakerWait", false);
        b.put("approvalRound", 0);
        b.put("approvalTimedOut", false);
        b.put("escalated", false);
        b.putNull("compensation");
        b.put("attemptOffset", 0);
        b.put("extraTasks", 0);
        old.putArray("completed");
        old.putArray("finished");
        old.putArray("events");
        old.put("droppedEvents", 0);
        PinnedDefinitions known = new PinnedDefinitions();
        known.remember(DEFINITION);

        RunState run = Json.fromTree(old, RunState.class).resolve(known);
        RunState again = Json.fromTree(Json.toTree(run), RunState.class).resolve(known);

        assertThat(again.view()).isEqualTo(run.view());
        assertThat(run.view().stages().getFirst().tasks().getFirst().taskId()).isEqualTo("shaped~3/a/1/0");
        assertThat(run.view().stages().get(1).output()).isEqualTo(NullNode.instance);
        JsonNode compact = Json.toTree(run);
        assertThat(compact.get("stages").get("a").has("endedAt")).isFalse();
        assertThat(compact.get("stages").get("a").get("tasks").get(0).has("branch")).isFalse();
        assertThat(compact.get("stages").get("b").properties()).extracting(java.util.Map.Entry::getKey)
                .as("a JSON null output reads back as a JSON null, so it is kept").containsExactly("output");
        assertThat(compact.toString().length()).isLessThan(old.toString().length() * 2 / 3);
    }

    @Test
    void anUnknownPinnedVersionNamesTheDefinitionActor() {
        PinnedDefinitions known = new PinnedDefinitions();
        known.readFrom(name -> new DefinitionVersions(java.util.List.of(DEFINITION)));

        assertThat(known.get("shaped", 4)).isEqualTo(DEFINITION);
        assertThatThrownBy(() -> known.get("shaped", 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 5").hasMessageContaining(PipelineRuntime.DEFINITION_TYPE + "/shaped");
    }

    /** The members every stored form of a running run held before defaults were left out (all of them written). */
    private static void putEveryMemberOfARunningRun(ObjectNode old) {
        old.putNull("startKey");
        old.put("status", "RUNNING");
        old.put("paused", false);
        old.putObject("input").put("n", 1);
        old.put("startedAt", "2026-01-02T03:04:05Z");
        old.put("updatedAt", "2026-01-02T03:04:06Z");
        old.putNull("endedAt");
        old.putNull("error");
        old.putNull("goal");
    }
}
