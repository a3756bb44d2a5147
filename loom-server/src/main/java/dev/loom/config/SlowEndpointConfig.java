package dev.loom.config;

import java.time.Duration;

/**
 * When an endpoint counts as slow in {@code /api/admin/performance/slow}.
 *
 * @param p95Millis     an endpoint whose p95 latency exceeds this is slow
 * @param p99Millis     an endpoint whose p99 latency exceeds this is slow
 * @param defaultWindow the window used when the request names none
 */
public record SlowEndpointConfig(long p95Millis, long p99Millis, Duration defaultWindow) {
}
