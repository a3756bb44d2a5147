package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
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

/** One stage in a run's state; its tree leaves out default members ({@link StateMembers}). */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
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

    /** This stage's tree, built directly, without default members (see {@link StateMembers}). */
    ObjectNode toTree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        StateMembers.name(node, "status", status, StageStatus.PENDING);
        StateMembers.instant(node, "startedAt", startedAt);
        StateMembers.instant(node, "endedAt", endedAt);
        StateMembers.json(node, "output", output);
        StateMembers.error(node, "error", error);
        if (!tasks.isEmpty()) {
            ArrayNode taskNodes = node.putArray("tasks");
            tasks.forEach(t -> taskNodes.add(t == null ? NullNode.instance : t.toTree()));
        }
        StateMembers.flag(node, "breakerWait", breakerWait);
        StateMembers.count(node, "approvalRound", approvalRound);
        StateMembers.flag(node, "approvalTimedOut", approvalTimedOut);
        StateMembers.flag(node, "escalated", escalated);
        if (compensation != null) {
            node.set("compensation", compensation.toTree());
        }
        StateMembers.count(node, "attemptOffset", attemptOffset);
        StateMembers.count(node, "extraTasks", extraTasks);
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
                output == null ? NullNode.instance : output, error, taskViews);
    }
}
