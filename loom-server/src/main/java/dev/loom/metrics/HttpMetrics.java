package dev.loom.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP request metrics: the {@code http.server.requests} timer (Prometheus
 * {@code http_server_requests_seconds}, a histogram: p50/p95/p99 come from {@code histogram_quantile} over
 * its buckets) by method, route template and
 * status class, the {@code http.server.errors} counter of 4xx and 5xx answers, and the slow-endpoint window.
 */
public final class HttpMetrics {
    /** Methods kept as label values; any other is counted as {@code OTHER}, so clients cannot mint new series. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");
    private final MeterRegistry registry;
    private final SlowEndpointRecorder slow;
    /**
     * The meters of each series, registered on first use: building and looking up a meter on every request cost more
     * than recording into it. Bounded like the series themselves (standard methods, route templates, status classes).
     */
    private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();

    private record SeriesKey(String method, String route, int statusHundreds) {
    }

    /** A series' request timer, and its error counter for 4xx and 5xx (null below). */
    private record Series(Timer requests, Counter errors) {
    }

    public HttpMetrics(MeterRegistry registry, SlowEndpointRecorder slow) {
        this.registry = registry;
        this.slow = slow;
    }

    /**
     * Records one answered request.
     *
     * @param requestMethod the request's method as sent (labelled {@code OTHER} unless it is a standard method)
     * @param route  the matched route template, or a fixed word for requests that matched none
     */
    public void record(String requestMethod, String route, int status, long nanos) {
        String method = METHODS.contains(requestMethod) ? requestMethod : "OTHER";
        Series s = series.computeIfAbsent(new SeriesKey(method, route, status / 100), this::register);
        s.requests.record(nanos, TimeUnit.NANOSECONDS);
        if (s.errors != null) {
            s.errors.increment();
        }
        slow.record(method, route, nanos);
    }

    private Series register(SeriesKey key) {
        String statusClass = key.statusHundreds + "xx";
        Timer requests = Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status class")
                .tags("method", key.method, "route", key.route, "status", statusClass)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Counter errors = key.statusHundreds < 4 ? null : Counter.builder("http.server.errors")
                .description("HTTP answers with a 4xx or 5xx status")
                .tags("method", key.method, "route", key.route, "status", statusClass)
                .register(registry);
        return new Series(requests, errors);
    }

    public SlowEndpointRecorder slowEndpoints() {
        return slow;
    }
}
