package dev.loom.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request latencies per endpoint over a sliding time window: keeps the most recent {@value #CAPACITY}
 * samples of each endpoint and answers percentiles over those within the asked window.
 */
public final class SlowEndpointRecorder {
    static final int CAPACITY = 4096;
    private final Clock clock;
    private final ConcurrentHashMap<Endpoint, Samples> byEndpoint = new ConcurrentHashMap<>();

    /** An endpoint: method and route template. */
    public record Endpoint(String method, String route) {
    }

    /** Latency figures of one endpoint over a window, in milliseconds. */
    public record Stats(Endpoint endpoint, int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    }

    public SlowEndpointRecorder(Clock clock) {
        this.clock = clock;
    }

    public void record(String method, String route, long nanos) {
        byEndpoint.computeIfAbsent(new Endpoint(method, route), e -> new Samples()).add(clock.millis(), nanos);
    }

    /** Figures of every endpoint with samples in the last {@code window}, slowest p95 first. */
    public List<Stats> stats(Duration window) {
        long since = clock.millis() - window.toMillis();
        List<Stats> out = new ArrayList<>();
        byEndpoint.forEach((endpoint, samples) -> {
            long[] nanos = samples.since(since);
            if (nanos.length > 0) {
                Arrays.sort(nanos);
                out.add(new Stats(endpoint, nanos.length, ms(percentile(nanos, 0.50)), ms(percentile(nanos, 0.95)),
                        ms(percentile(nanos, 0.99)), ms(nanos[nanos.length - 1])));
            }
        });
        out.sort(Comparator.comparingDouble(Stats::p95Ms).reversed());
        return out;
    }

    /** Endpoints whose p95 exceeds {@code p95Ms} or whose p99 exceeds {@code p99Ms} in the window. */
    public List<Stats> slow(Duration window, long p95Ms, long p99Ms) {
        return stats(window).stream().filter(s -> s.p95Ms() > p95Ms || s.p99Ms() > p99Ms).toList();
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** A ring of (time, duration) samples. */
    private static final class Samples {
        private final long[] at = new long[CAPACITY];
        private final long[] nanos = new long[CAPACITY];
        private long written;

        synchronized void add(long atMillis, long durationNanos) {
            int i = (int) (written % CAPACITY);
            at[i] = atMillis;
            nanos[i] = durationNanos;
            written++;
        }

        synchronized long[] since(long sinceMillis) {
            int n = (int) Math.min(written, CAPACITY);
            long[] out = new long[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (at[i] >= sinceMillis) {
                    out[k++] = nanos[i];
                }
            }
            return Arrays.copyOf(out, k);
        }
    }
}
