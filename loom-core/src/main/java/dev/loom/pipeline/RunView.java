package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline run as its actor's state has it now.
 *
 * @param runId      the run's id (the id of its {@code loom.pipeline} actor)
 * @param pipeline   the definition's name
 * @param version    the definition version the run started with and keeps
 * @param status     where it is
 * @param input      the run input
 * @param startedAt  when it started
 * @param updatedAt  when its state last changed
 * @param endedAt    when it reached a terminal status, or {@code null}
 * @param error      the failed stage's error (kept through compensation), or {@code null}
 * @param stages     every stage, in definition order
 */
public record RunView(String runId, String pipeline, int version, RunStatus status, JsonNode input,
                      Instant startedAt, Instant updatedAt, Instant endedAt, RunError error, List<StageView> stages) {
    /**
     * The stage named {@code name}.
     *
     * @throws IllegalArgumentException if the run's definition has no such stage
     */
    public StageView stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("pipeline '" + pipeline + "' version " + version + " has no stage '"
                        + name + "'"));
    }

    /** Names of the stages waiting for an approval decision. */
    public List<String> waitingApprovals() {
        return stages.stream().filter(s -> s.status() == StageStatus.WAITING_APPROVAL).map(StageView::name).toList();
    }
}
