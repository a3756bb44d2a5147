package dev.loom.http.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The alert rules file is the one source of the thresholds (the runbook is checked against it too). */
    @Test
    void thresholdsAreTheAlertRules() throws Exception {
        String rules = Files.readString(Path.of("../deploy/prometheus/loom-alerts.yml"));
        assertThat(threshold(rules, "LoomDeadLetters")).isEqualTo(StudioRoutes.THRESHOLDS.get("deadLetters")[0]);
        assertThat(threshold(rules, "LoomBacklog")).isEqualTo(StudioRoutes.THRESHOLDS.get("queueDepth")[0]);
        assertThat(threshold(rules, "LoomStuckQueue")).isEqualTo(StudioRoutes.THRESHOLDS.get("queueOldestAgeSeconds")[0]);
        double[] turn = StudioRoutes.THRESHOLDS.get("turnP95Seconds");
        assertThat(threshold(rules, "LoomSlowTurns")).isEqualTo(turn[0]);
        assertThat(threshold(rules, "LoomCriticalSlowTurns")).isEqualTo(turn[1]);
        assertThat(threshold(rules, "LoomCircuitBreakerOpen")).isEqualTo(StudioRoutes.THRESHOLDS.get("openBreakers")[0]);
    }

    /** The number after the last {@code >} of the named alert's expression. */
    private static double threshold(String rules, String alert) {
        Matcher m = Pattern.compile("- alert: " + alert + "\\s*\\n\\s*expr: .*>\\s*([0-9.]+)\\s*\\n").matcher(rules);
        assertThat(m.find()).as("alert %s with a '> number' expression in loom-alerts.yml", alert).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
