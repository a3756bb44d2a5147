package dev.loom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Percentiles over a sliding window, with a controlled clock and synthetic latencies. */
class SlowEndpointRecorderTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void percentilesAndThresholdsOverTheWindow() {
        SlowEndpointRecorder r = new SlowEndpointRecorder(clock);
        for (int i = 1; i <= 100; i++) {
            r.record("GET", "/slow", Duration.ofMillis(i * 10L).toNanos());
            r.record("GET", "/fast", Duration.ofMillis(2).toNanos());
        }
        SlowEndpointRecorder.Stats slow = r.stats(Duration.ofMinutes(5)).getFirst();
        assertThat(slow.endpoint()).isEqualTo(new SlowEndpointRecorder.Endpoint("GET", "/slow"));
        assertThat(slow.count()).isEqualTo(100);
        assertThat(slow.p50Ms()).isEqualTo(500.0);
        assertThat(slow.p95Ms()).isEqualTo(950.0);
        assertThat(slow.p99Ms()).isEqualTo(990.0);
        assertThat(slow.maxMs()).isEqualTo(1000.0);
        List<SlowEndpointRecorder.Stats> over = r.slow(Duration.ofMinutes(5), 500, 1000);
        assertThat(over).extracting(s -> s.endpoint().route()).containsExactly("/slow");
        assertThat(r.slow(Duration.ofMinutes(5), 960, 995)).isEmpty();
    }

    @Test
    void samplesOutsideTheWindowAreIgnored() {
        SlowEndpointRecorder r = new SlowEndpointRecorder(clock);
        r.record("POST", "/x", Duration.ofSeconds(3).toNanos());
        now.set(now.get().plus(Duration.ofMinutes(10)));
        r.record("POST", "/x", Duration.ofMillis(1).toNanos());
        assertThat(r.stats(Duration.ofMinutes(5)).getFirst().count()).isEqualTo(1);
        assertThat(r.slow(Duration.ofMinutes(5), 500, 1000)).isEmpty();
        assertThat(r.slow(Duration.ofMinutes(15), 500, 1000)).hasSize(1);
    }

    @Test
    void keepsOnlyTheMostRecentSamplesPerEndpoint() {
        SlowEndpointRecorder r = new SlowEndpointRecorder(clock);
        for (int i = 0; i < SlowEndpointRecorder.CAPACITY + 500; i++) {
            r.record("GET", "/many", 1_000_000);
        }
        assertThat(r.stats(Duration.ofMinutes(1)).getFirst().count()).isEqualTo(SlowEndpointRecorder.CAPACITY);
    }
}
