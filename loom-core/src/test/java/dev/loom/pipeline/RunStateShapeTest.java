package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
        old.putNull("startKey");
        old.put("status", "RUNNING");
        old.put("paused", false);
        old.putObject("input").put("n", 1);
        old.put("startedAt", "2026-01-02T03:04:05Z");
        old.put("updatedAt", "2026-01-02T03:04:06Z");
        old.putNull("endedAt");
        old.putNull("error");
        old.putNull("goal");
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
    void anEventsTreeIsTheOneJacksonWrites() {
        TimelineEvent full = new TimelineEvent(Instant.parse("2026-01-02T03:04:05.123456789Z"),
                TimelineEvent.Kind.TASK_FAILED, "a", "r/a/1/0", 3, Json.mapper().createObjectNode().put("n", 1L),
                new RunError("a", "r/a/1/0", "timeout", "no reply in PT1S"));
        TimelineEvent bare = new TimelineEvent(Instant.EPOCH, TimelineEvent.Kind.RUN_STARTED, null, null, 0, null, null);

        assertThat(RunState.tree(full)).isEqualTo(Json.toTree(full));
        assertThat(RunState.tree(bare)).isEqualTo(Json.toTree(bare));
        assertThat(Json.fromTree(RunState.tree(full), TimelineEvent.class)).isEqualTo(full);
    }

    @Test
    void anUnknownPinnedVersionNamesTheDefinitionActor() {
        PinnedDefinitions known = new PinnedDefinitions();
        known.readFrom(name -> new DefinitionVersions(java.util.List.of(DEFINITION)));

        assertThat(known.get("shaped", 4)).isEqualTo(DEFINITION);
        assertThatThrownBy(() -> known.get("shaped", 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 5").hasMessageContaining(PipelineRuntime.DEFINITION_TYPE + "/shaped");
    }
}
