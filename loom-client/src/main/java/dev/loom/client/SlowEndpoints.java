package dev.loom.client;

import java.time.Duration;
import java.util.List;

/**
 * HTTP endpoints over the latency thresholds in a window.
 *
 * @param window     the window looked back over
 * @param thresholds the thresholds an endpoint is judged by
 * @param endpoints  the endpoints over either threshold
 */
public record SlowEndpoints(Duration window, Thresholds thresholds, List<Endpoint> endpoints) {
    public SlowEndpoints {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * @param p95Ms slow when the 95th percentile is above this many milliseconds
     * @param p99Ms slow when the 99th percentile is above this many milliseconds
     */
    public record Thresholds(long p95Ms, long p99Ms) {
    }

    /**
     * @param method the HTTP method
     * @param route  the route template, e.g. {@code /api/actors/{type}/{id}/messages}
     * @param count  requests in the window
     * @param p50Ms  median latency
     * @param p95Ms  95th percentile
     * @param p99Ms  99th percentile
     * @param maxMs  the slowest
     */
    public record Endpoint(String method, String route, long count, double p50Ms, double p95Ms, double p99Ms,
                           double maxMs) {
    }
}
