package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What {@link Pipelines#start(StartRequest)} starts.
 *
 * @param pipeline       the definition's name
 * @param version        the version to run, or 0 for the latest
 * @param input          the run input (JSON; null is taken as {@code {}})
 * @param idempotencyKey 1-200 characters: starting again with the same key returns the same run and starts
 *                       nothing; {@code null} makes every start a new run
 * @param runId          the run's id, or {@code null} to derive it from the key (or make a fresh one)
 */
public record StartRequest(String pipeline, int version, JsonNode input, String idempotencyKey, String runId) {
    public StartRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("idempotency key must be 1-200 characters");
        }
    }
}
