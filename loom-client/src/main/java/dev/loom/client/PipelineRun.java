package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline run as the server reports it ({@code GET /api/pipeline-runs/{id}}).
 *
 * @param runId            the run's id
 * @param pipeline         the definition's name
 * @param version          the definition version the run started with and keeps
 * @param status           {@code RUNNING}, {@code PAUSED}, {@code WAITING_APPROVAL}, {@code SUCCEEDED},
 *                         {@code COMPENSATING}, {@code COMPENSATED}, {@code FAILED} or {@code CANCELLED}
 * @param input            the run input
 * @param startedAt        when it started
 * @param updatedAt        when its state last changed
 * @param endedAt          when it ended, or {@code null}
 * @param error            the failed stage's error, or {@code null}
 * @param waitingApprovals the stages waiting for an approval decision
 * @param stages           every stage, in definition order
 */
public record PipelineRun(String runId, String pipeline, int version, String status, JsonNode input, Instant startedAt,
                          Instant updatedAt, Instant endedAt, Error error, List<String> waitingApprovals,
                          List<Stage> stages) {
    public PipelineRun {
        waitingApprovals = waitingApprovals == null ? List.of() : List.copyOf(waitingApprovals);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** Whether the run has ended ({@code SUCCEEDED}, {@code COMPENSATED}, {@code FAILED} or {@code CANCELLED}). */
    public boolean ended() {
        return endedAt != null;
    }

    /**
     * One stage of a run.
     *
     * @param name      its name
     * @param kind      {@code single}, {@code scatter}, {@code gather}, {@code broadcast}, {@code fork-join} or
     *                  {@code human-approval}
     * @param status    {@code PENDING}, {@code RUNNING}, {@code WAITING_APPROVAL}, {@code SUCCEEDED}, {@code SKIPPED},
     *                  {@code FAILED}, {@code CANCELLED}, {@code COMPENSATING}, {@code COMPENSATED} or
     *                  {@code COMPENSATION_FAILED}
     * @param dependsOn the stages it waits for
     * @param attempts  the highest attempt number of its tasks (0 before it started)
     * @param startedAt when it became ready, or {@code null}
     * @param endedAt   when it ended, or {@code null}
     * @param output    its output once succeeded, or {@code null}
     * @param error     its failure, or {@code null}
     * @param tasks     its tasks, in their latest attempts
     */
    public record Stage(String name, String kind, String status, List<String> dependsOn, int attempts,
                        Instant startedAt, Instant endedAt, JsonNode output, Error error, List<Task> tasks) {
        public Stage {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /**
     * One task of a stage.
     *
     * @param taskId  {@code runId/stage/attempt/index}, also the task message's idempotency key
     * @param index   its position in the stage
     * @param target  the actor it was sent to, {@code type/id}
     * @param attempt its attempt number, from 1
     * @param status  {@code pending}, {@code sent}, {@code succeeded} or {@code failed}
     * @param sentAt  when it was sent, or {@code null}
     * @param endedAt when its outcome arrived, or {@code null}
     * @param result  the actor's reply, or {@code null}
     * @param error   its last failure, or {@code null}
     */
    public record Task(String taskId, int index, String target, int attempt, String status, Instant sentAt,
                       Instant endedAt, JsonNode result, Error error) {
    }

    /**
     * Why a task, stage or run failed.
     *
     * @param stage   the stage, or {@code null}
     * @param taskId  the task, or {@code null}
     * @param type    an exception class name or a reason such as {@code timeout}, {@code rejected}
     * @param message details, or {@code null}
     */
    public record Error(String stage, String taskId, String type, String message) {
    }
}
