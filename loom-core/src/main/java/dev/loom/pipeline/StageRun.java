package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.SharedTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One stage in a run's state. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class StageRun {
    StageStatus status = StageStatus.PENDING;
    Instant startedAt;
    Instant endedAt;
    @JsonSerialize(using = SharedTree.class)
    JsonNode output;
    RunError error;
    List<TaskRun> tasks = new ArrayList<>();
    /** A breaker retry timer is pending. */
    boolean breakerWait;
    /** Human approval: the current wait's number (timeouts of older waits are stale). */
    int approvalRound;
    /** Human approval: the current wait timed out while the run was paused. */
    boolean approvalTimedOut;
    /** Human approval: the escalation task was sent. */
    boolean escalated;
    /** The compensation task, once sent. */
    TaskRun compensation;
    /** The attempts used before a redrive (new tasks number their attempts after them). */
    int attemptOffset;
    /** Compensation and escalation tasks sent so far (their ids count up). */
    int extraTasks;

    /** A copy sharing the immutable parts (see {@link RunState#copy()}). */
    StageRun copy() {
        StageRun c = new StageRun();
        c.status = status;
        c.startedAt = startedAt;
        c.endedAt = endedAt;
        c.output = output;
        c.error = error;
        tasks.forEach(t -> c.tasks.add(t.copy()));
        c.breakerWait = breakerWait;
        c.approvalRound = approvalRound;
        c.approvalTimedOut = approvalTimedOut;
        c.escalated = escalated;
        c.compensation = compensation == null ? null : compensation.copy();
        c.attemptOffset = attemptOffset;
        c.extraTasks = extraTasks;
        return c;
    }

    /** The tree Jackson writes for this stage, built directly (see {@link RunState#toTree()}). */
    ObjectNode toTree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", RunState.text(status));
        node.put("startedAt", RunState.text(startedAt));
        node.put("endedAt", RunState.text(endedAt));
        node.set("output", output);
        node.set("error", RunState.tree(error));
        ArrayNode taskNodes = node.putArray("tasks");
        tasks.forEach(t -> taskNodes.add(t == null ? NullNode.instance : t.toTree()));
        node.put("breakerWait", breakerWait);
        node.put("approvalRound", approvalRound);
        node.put("approvalTimedOut", approvalTimedOut);
        node.put("escalated", escalated);
        node.set("compensation", compensation == null ? NullNode.instance : compensation.toTree());
        node.put("attemptOffset", attemptOffset);
        node.put("extraTasks", extraTasks);
        return node;
    }

    int attempts() {
        return tasks.stream().mapToInt(t -> t.attempt).max().orElse(0);
    }

    boolean done() {
        return status == StageStatus.SUCCEEDED || status == StageStatus.SKIPPED;
    }

    StageView view(Stage stage) {
        List<TaskView> taskViews = new ArrayList<>();
        tasks.forEach(t -> taskViews.add(t.view()));
        if (compensation != null) {
            taskViews.add(compensation.view());
        }
        return new StageView(stage.name(), stage.kind(), status, stage.dependsOn(), attempts(), startedAt, endedAt,
                output, error, taskViews);
    }
}
