package dev.loom.pipeline;

import java.time.Instant;

/**
 * Which runs {@link Pipelines#list} returns. Every field is optional ({@code null}: no restriction).
 *
 * @param pipeline      only runs of this definition
 * @param status        only runs in this status
 * @param startedAfter  only runs started at or after this
 * @param startedBefore only runs started before this
 * @param afterRunId    the cursor: only runs whose id sorts after this ({@link RunPage#nextCursor()})
 * @param limit         at most this many runs (1-1000; 0 means 100)
 */
public record RunFilter(String pipeline, RunStatus status, Instant startedAfter, Instant startedBefore,
                        String afterRunId, int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    public RunFilter {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        limit = limit == 0 ? 100 : limit;
    }

    /** Every run, first page of 100. */
    public static RunFilter all() {
        return new RunFilter(null, null, null, null, null, 0);
    }

    /** This filter restricted to runs of {@code name}. */
    public RunFilter withPipeline(String name) {
        return new RunFilter(name, status, startedAfter, startedBefore, afterRunId, limit);
    }

    /** This filter restricted to runs in {@code s}. */
    public RunFilter withStatus(RunStatus s) {
        return new RunFilter(pipeline, s, startedAfter, startedBefore, afterRunId, limit);
    }

    /** This filter restricted to runs started in {@code [after, before)}. */
    public RunFilter withStartedBetween(Instant after, Instant before) {
        return new RunFilter(pipeline, status, after, before, afterRunId, limit);
    }

    /** This filter continuing after {@code runId}. */
    public RunFilter withCursor(String runId) {
        return new RunFilter(pipeline, status, startedAfter, startedBefore, runId, limit);
    }

    /** This filter with a page size. */
    public RunFilter withLimit(int n) {
        return new RunFilter(pipeline, status, startedAfter, startedBefore, afterRunId, n);
    }
}
