package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One stage of a run.
 *
 * @param name      the stage's name
 * @param kind      its kind ({@code single}, {@code scatter}, ...)
 * @param status    where it is
 * @param dependsOn the stages it waits for
 * @param attempts  the highest attempt number used by any of its tasks (0 before it started)
 * @param startedAt when it became ready, or {@code null}
 * @param endedAt   when it succeeded, failed or was skipped, or {@code null}
 * @param output    its output once succeeded, or {@code null}
 * @param error     its failure, or {@code null}
 * @param tasks     its tasks (their latest attempts)
 */
public record StageView(String name, String kind, StageStatus status, List<String> dependsOn, int attempts,
                        Instant startedAt, Instant endedAt, JsonNode output, RunError error, List<TaskView> tasks) {
}
