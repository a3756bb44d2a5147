package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.json.SharedTree;
import java.time.Instant;

/**
 * One task of a stage in a run's state: the message, its latest attempt and what came of it. Its tree leaves out
 * default members ({@link StateMembers}).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class TaskRun {
    /** Where a task is. */
    enum Status { PENDING, SENT, RETRY_WAIT, SUCCEEDED, FAILED }

    int index;
    String branch;
    String actorType;
    String actorId;
    String messageType;
    @JsonSerialize(using = SharedTree.class)
    ObjectNode payload;
    int attempt;
    /** The attempt number this task started from (redrive continues the numbering). */
    int base;
    String taskId;
    Status status = Status.PENDING;
    Instant sentAt;
    Instant endedAt;
    @JsonSerialize(using = SharedTree.class)
    JsonNode result;
    RunError error;

    /** A copy sharing the immutable parts (see {@link RunState#copy()}). */
    TaskRun copy() {
        TaskRun c = new TaskRun();
        c.index = index;
        c.branch = branch;
        c.actorType = actorType;
        c.actorId = actorId;
        c.messageType = messageType;
        c.payload = payload;
        c.attempt = attempt;
        c.base = base;
        c.taskId = taskId;
        c.status = status;
        c.sentAt = sentAt;
        c.endedAt = endedAt;
        c.result = result;
        c.error = error;
        return c;
    }

    /** This task's tree, built directly, without default members (see {@link StateMembers}). */
    ObjectNode toTree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        StateMembers.count(node, "index", index);
        StateMembers.text(node, "branch", branch);
        StateMembers.text(node, "actorType", actorType);
        StateMembers.text(node, "actorId", actorId);
        StateMembers.text(node, "messageType", messageType);
        StateMembers.json(node, "payload", payload);
        StateMembers.count(node, "attempt", attempt);
        StateMembers.count(node, "base", base);
        StateMembers.text(node, "taskId", taskId);
        StateMembers.name(node, "status", status, Status.PENDING);
        StateMembers.instant(node, "sentAt", sentAt);
        StateMembers.instant(node, "endedAt", endedAt);
        StateMembers.json(node, "result", result);
        StateMembers.error(node, "error", error);
        return node;
    }

    TaskView view() {
        return new TaskView(taskId, index, actorType + "/" + actorId, attempt,
                status.name().toLowerCase(java.util.Locale.ROOT), sentAt, endedAt,
                result == null ? NullNode.instance : result, error);
    }
}
