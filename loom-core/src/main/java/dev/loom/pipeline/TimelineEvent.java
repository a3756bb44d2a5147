package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One thing that happened in a run (the pipeline tracer).
 *
 * @param at      the run actor's clock when it happened
 * @param kind    what happened
 * @param stage   the stage, or {@code null} for run-level events
 * @param taskId  the task, or {@code null}
 * @param attempt the task's attempt, or 0
 * @param detail  the task's reply, a decision, or other detail, or {@code null}
 * @param error   the failure, or {@code null}
 */
public record TimelineEvent(Instant at, Kind kind, String stage, String taskId, int attempt, JsonNode detail,
                            RunError error) {
    /** Kinds of timeline events. */
    public enum Kind {
        RUN_STARTED, STAGE_STARTED, STAGE_SKIPPED, TASK_SENT, TASK_SUCCEEDED, TASK_FAILED, TASK_TIMED_OUT,
        BREAKER_OPEN, RETRY_SCHEDULED, STAGE_SUCCEEDED, STAGE_FAILED, APPROVAL_WAITING, APPROVED, REJECTED,
        APPROVAL_ESCALATED, COMPENSATION_SENT, COMPENSATION_SUCCEEDED, COMPENSATION_FAILED, PAUSED, RESUMED,
        CANCELLED, REDRIVEN, RUN_ENDED
    }
}
