package dev.loom.http.routes;

import dev.loom.config.LoomConfig;
import dev.loom.health.HealthChecker;
import dev.loom.metrics.MetricsRegistry;
import dev.loom.metrics.QueueGauges;
import dev.loom.metrics.SlowEndpointRecorder;
import dev.loom.runtime.Loom;
import dev.loom.server.Lifecycle;
import dev.loom.server.tracing.RecentTraces;
import java.util.Optional;

/**
 * What the routes work with.
 *
 * @param loom      the runtime
 * @param config    the effective configuration
 * @param lifecycle the server's phase
 * @param health    health and readiness
 * @param metrics   the Prometheus registry
 * @param queues    the cached queue statistics
 * @param slow      request latencies per endpoint
 * @param traces    the recent traces this node keeps (empty unless {@code tracing.keepRecent})
 */
public record ServerContext(Loom loom, LoomConfig config, Lifecycle lifecycle, HealthChecker health,
                           MetricsRegistry metrics, QueueGauges queues, SlowEndpointRecorder slow,
                           Optional<RecentTraces> traces) {
}
