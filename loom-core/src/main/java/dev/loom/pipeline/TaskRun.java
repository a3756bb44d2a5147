package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.json.SharedTree;
import java.time.Instant;

/** One task of a stage in a run's state: the message, its latest attempt and what came of it. */
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

    /** The tree Jackson writes for this task, built directly (see {@link RunState#toTree()}). */
    ObjectNode toTree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("index", index);
        node.put("branch", branch);
        node.put("actorType", actorType);
        node.put("actorId", actorId);
        node.put("messageType", messageType);
        node.set("payload", payload);
        node.put("attempt", attempt);
        node.put("base", base);
        node.put("taskId", taskId);
        node.put("status", RunState.text(status));
        node.put("sentAt", RunState.text(sentAt));
        node.put("endedAt", RunState.text(endedAt));
        node.set("result", result);
        node.set("error", RunState.tree(error));
        return node;
    }

    TaskView view() {
        return new TaskView(taskId, index, actorType + "/" + actorId, attempt,
                status.name().toLowerCase(java.util.Locale.ROOT), sentAt, endedAt, result, error);
    }
}
