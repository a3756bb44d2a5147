package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    ObjectNode payload;
    int attempt;
    /** The attempt number this task started from (redrive continues the numbering). */
    int base;
    String taskId;
    Status status = Status.PENDING;
    Instant sentAt;
    Instant endedAt;
    JsonNode result;
    RunError error;

    TaskView view() {
        return new TaskView(taskId, index, actorType + "/" + actorId, attempt,
                status.name().toLowerCase(java.util.Locale.ROOT), sentAt, endedAt, result, error);
    }
}
