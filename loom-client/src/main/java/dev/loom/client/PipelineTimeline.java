package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A run's timeline ({@code GET /api/pipeline-runs/{id}/timeline}): its stages and its recent events, oldest first.
 *
 * @param runId         the run
 * @param status        its status
 * @param stages        its stages with their starts, ends, attempts, errors and task results
 * @param events        its recent events
 * @param droppedEvents how many older events the run no longer keeps
 */
public record PipelineTimeline(String runId, String status, List<PipelineRun.Stage> stages, List<Event> events,
                               long droppedEvents) {
    public PipelineTimeline {
        stages = stages == null ? List.of() : List.copyOf(stages);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * One thing that happened in the run.
     *
     * @param at      when
     * @param kind    what, e.g. {@code TASK_SENT}, {@code STAGE_FAILED}, {@code APPROVED}, {@code REDRIVEN}
     * @param stage   the stage, or {@code null}
     * @param taskId  the task, or {@code null}
     * @param attempt the task's attempt, or 0
     * @param detail  a task's reply, a decision or other detail, or {@code null}
     * @param error   the failure, or {@code null}
     */
    public record Event(Instant at, String kind, String stage, String taskId, int attempt, JsonNode detail,
                        PipelineRun.Error error) {
    }
}
