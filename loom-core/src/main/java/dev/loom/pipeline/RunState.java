package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import dev.loom.json.SharedTree;
import dev.loom.json.TreeWritable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the run actor: the DAG's progress. A run never started has no definition. The handler works on a
 * {@link #copy()} so that a failed turn leaves the committed state untouched.
 *
 * <p>A turn only ever replaces the JSON values, records and the definition held here, never changes them in place,
 * so a copy shares them and copies only this class's mutable parts ({@link StageRun}, {@link TaskRun} and the
 * lists): a Jackson round trip of the whole state on every turn cost a fifth of a run's CPU.
 *
 * <p>For the same reason the state names its definition ({@link #pipeline}, {@link #version}; see
 * {@link PinnedDefinitions}) instead of holding a copy, and keeps what never changes once written as JSON trees that
 * the runtime's state tree shares ({@link SharedTree}) rather than rebuilds and compares on every turn: the timeline
 * events (each converted once, when it happens) and the JSON values. States written before runs named their
 * definition hold it in {@link #definition}, and still run on it.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class RunState implements TreeWritable {
    String runId;
    /** The name of the pipeline the run is pinned to; {@code null} until started (or in a state with a copy). */
    String pipeline;
    /** The version of {@link #pipeline} the run is pinned to. */
    int version;
    /**
     * The copy of its definition a run started before runs named theirs holds; absent (null, or a JSON null)
     * otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonSerialize(using = SharedTree.class)
    JsonNode definition;
    /** The definition, once {@link #resolve resolved} (not part of the JSON). */
    transient PipelineDefinition decoded;
    String startKey;
    /** The phase: never {@link RunStatus#PAUSED}, which is {@link #paused} on top of it. */
    RunStatus status;
    boolean paused;
    @JsonSerialize(using = SharedTree.class)
    JsonNode input;
    Instant startedAt;
    Instant updatedAt;
    Instant endedAt;
    RunError error;
    /** While compensating: the status to end with when every compensation succeeds. */
    RunStatus goal;
    Map<String, StageRun> stages = new LinkedHashMap<>();
    /** Stages in the order they succeeded (the saga compensates in reverse). */
    List<String> completed = new ArrayList<>();
    /** Stages in the order they succeeded or were skipped (a gather takes the first ones). */
    List<String> finished = new ArrayList<>();
    /** {@link TimelineEvent}s in their stored form ({@link StoredEvents}), oldest first. */
    @JsonSerialize(contentUsing = SharedTree.class)
    List<JsonNode> events = new ArrayList<>();
    long droppedEvents;

    static RunState empty() {
        return new RunState();
    }

    boolean started() {
        return pipeline != null || hasCopy();
    }

    /** Whether the state holds a copy of its definition (a JSON null reads back as a NullNode, not as null). */
    private boolean hasCopy() {
        return definition != null && !definition.isNull();
    }

    /** Starts the run on {@code pinned}: it keeps this version whatever is registered later. */
    void pin(PipelineDefinition pinned) {
        pipeline = pinned.name();
        version = pinned.version();
        definition = null;
        decoded = pinned;
    }

    /**
     * Looks up the definition of a started run (once per activation: copies carry it).
     *
     * @throws IllegalStateException if the pinned version cannot be found (see {@link PinnedDefinitions#get})
     */
    RunState resolve(PinnedDefinitions definitions) {
        if (decoded == null) {
            decoded = hasCopy() ? Json.fromTree(definition, PipelineDefinition.class) : definitions.get(pipeline, version);
        }
        return this;
    }

    /** The definition the run started with; {@link #resolve} must have been called on this state or its original. */
    PipelineDefinition definition() {
        if (decoded == null) {
            throw new IllegalStateException("the definition of run " + runId + " was not resolved");
        }
        return decoded;
    }

    /**
     * The status as operators see it: {@link RunStatus#PAUSED} while paused (the run's phase, {@link #status},
     * is kept underneath and continues on resume).
     */
    RunStatus visibleStatus() {
        return paused && !status.isTerminal() ? RunStatus.PAUSED : status;
    }

    RunState copy() {
        RunState c = new RunState();
        c.runId = runId;
        c.pipeline = pipeline;
        c.version = version;
        c.definition = definition;
        c.decoded = decoded;
        c.startKey = startKey;
        c.status = status;
        c.paused = paused;
        c.input = input;
        c.startedAt = startedAt;
        c.updatedAt = updatedAt;
        c.endedAt = endedAt;
        c.error = error;
        c.goal = goal;
        stages.forEach((name, stage) -> c.stages.put(name, stage.copy()));
        c.completed.addAll(completed);
        c.finished.addAll(finished);
        c.events.addAll(events);
        c.droppedEvents = droppedEvents;
        return c;
    }

    void event(TimelineEvent e) {
        events.add(StoredEvents.tree(e, runId));
        if (events.size() > RunTimeline.MAX_EVENTS) {
            events.removeFirst();
            droppedEvents++;
        }
    }

    /**
     * The state's tree, built directly (see {@link TreeWritable}; {@code RunStateCopyTest} compares it with
     * Jackson's for a state with every field set and for one with none): the runtime converts the state on every
     * turn. Members that hold their default are left out ({@link StateMembers}), and so are they in
     * {@link StageRun} and {@link TaskRun}.
     */
    @Override
    public ObjectNode toTree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        StateMembers.text(node, "runId", runId);
        StateMembers.text(node, "pipeline", pipeline);
        StateMembers.count(node, "version", version);
        StateMembers.json(node, "definition", definition);
        StateMembers.text(node, "startKey", startKey);
        StateMembers.name(node, "status", status, null);
        StateMembers.flag(node, "paused", paused);
        StateMembers.json(node, "input", input);
        StateMembers.instant(node, "startedAt", startedAt);
        StateMembers.instant(node, "updatedAt", updatedAt);
        StateMembers.instant(node, "endedAt", endedAt);
        StateMembers.error(node, "error", error);
        StateMembers.name(node, "goal", goal, null);
        if (!stages.isEmpty()) {
            ObjectNode stageNodes = node.putObject("stages");
            stages.forEach((name, stage) -> stageNodes.set(name, stage == null ? NullNode.instance : stage.toTree()));
        }
        if (!completed.isEmpty()) {
            completed.forEach(node.putArray("completed")::add);
        }
        if (!finished.isEmpty()) {
            finished.forEach(node.putArray("finished")::add);
        }
        if (!events.isEmpty()) {
            events.forEach(node.putArray("events")::add);
        }
        StateMembers.count(node, "droppedEvents", droppedEvents);
        return node;
    }

    static JsonNode tree(RunError error) {
        if (error == null) {
            return NullNode.instance;
        }
        return JsonNodeFactory.instance.objectNode().put("stage", error.stage()).put("taskId", error.taskId())
                .put("type", error.type()).put("message", error.message());
    }

    RunView view() {
        List<StageView> views = new ArrayList<>();
        PipelineDefinition def = definition();
        for (Stage s : def.stages()) {
            views.add(stages.get(s.name()).view(s));
        }
        return new RunView(runId, def.name(), def.version(), visibleStatus(), input, startedAt, updatedAt,
                endedAt, error, views);
    }

    RunTimeline timeline() {
        RunView v = view();
        List<TimelineEvent> timeline = new ArrayList<>(events.size());
        events.forEach(e -> timeline.add(StoredEvents.read(e, runId)));
        return new RunTimeline(runId, v.status(), v.stages(), List.copyOf(timeline), droppedEvents);
    }
}
