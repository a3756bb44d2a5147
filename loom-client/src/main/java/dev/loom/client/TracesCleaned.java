package dev.loom.client;

import java.time.Duration;

/**
 * What a trace cleanup removed ({@code POST /api/admin/traces/cleanup}).
 *
 * @param keeping       whether the node keeps recent traces at all
 * @param olderThan     the age beyond which traces were removed
 * @param removedTraces traces removed
 * @param removedSpans  spans removed
 */
public record TracesCleaned(boolean keeping, Duration olderThan, long removedTraces, long removedSpans) {
}
