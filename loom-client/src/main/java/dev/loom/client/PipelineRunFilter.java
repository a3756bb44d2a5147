package dev.loom.client;

import java.time.Instant;

/**
 * Which runs {@link PipelineClient#runs} lists; {@code null} fields do not restrict.
 *
 * @param definition    only runs of this pipeline
 * @param status        only runs in this status, e.g. {@code FAILED}
 * @param startedAfter  only runs started at or after this
 * @param startedBefore only runs started before this
 */
public record PipelineRunFilter(String definition, String status, Instant startedAfter, Instant startedBefore) {
    /** Every run. */
    public static PipelineRunFilter all() {
        return new PipelineRunFilter(null, null, null, null);
    }
}
