package dev.loom.http.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the overview's latency chart, and its thresholds against the runbook's. */
class StudioMeterHistoryTest {
    @Test
    void quantilesComeFromTheTurnsBetweenTwoSnapshots() {
        // Cumulative counts by upper bound (seconds): 100 turns before; 100 more since, 90 of them under 10 ms.
        TreeMap<Double, Double> before = new TreeMap<>(Map.of(0.01, 100.0, 0.1, 100.0, 1.0, 100.0));
        TreeMap<Double, Double> now = new TreeMap<>(Map.of(0.01, 190.0, 0.1, 198.0, 1.0, 200.0));
        Map<String, Double> q = MeterHistory.quantiles(now, before);
        // p50: rank 50 of the 90 in [0, 10 ms]; p95: rank 95 is the 5th of 8 in (10 ms, 100 ms]; p99: 1st of 2 above.
        assertThat(q.get("p50")).isCloseTo(0.01 * 50 / 90, within(1e-9));
        assertThat(q.get("p95")).isCloseTo(0.01 + 0.09 * 5 / 8, within(1e-9));
        assertThat(q.get("p99")).isCloseTo(0.1 + 0.9 * 1 / 2, within(1e-9));
        assertThat(MeterHistory.quantiles(now, now)).as("no turn in between").isEmpty();
    }

    @Test
    void thresholdsAreTheRunbooks() throws Exception {
        String runbook = Files.readString(Path.of("../docs/RUNBOOK.md"));
        assertThat(runbook).contains("| dead letters | `loom_dead_letters` | > "
                + (int) StudioRoutes.THRESHOLDS.get("deadLetters")[0] + " |");
        assertThat(runbook).contains("| backlog | `sum(loom_queue_depth)` | > "
                + (int) StudioRoutes.THRESHOLDS.get("queueDepth")[0] + " |");
        assertThat(runbook).contains("| stuck queue (s) | `max by (queue) (loom_queue_oldest_age_seconds)` | > "
                + (int) StudioRoutes.THRESHOLDS.get("queueOldestAgeSeconds")[0] + " |");
        double[] turn = StudioRoutes.THRESHOLDS.get("turnP95Seconds");
        assertThat(runbook).containsPattern("\\| turn p95 per actor type \\(s\\) \\| `[^|]*` \\| > " + (int) turn[0]
                + " \\| > " + (int) turn[1] + " \\|");
        assertThat(runbook).contains("| breaker open | `max by (name) (resilience4j_circuitbreaker_state{state=~\"open\\|forced_open\"})` | > "
                + (int) StudioRoutes.THRESHOLDS.get("openBreakers")[0] + " |");
    }
}
