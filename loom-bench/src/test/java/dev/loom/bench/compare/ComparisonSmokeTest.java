package dev.loom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the comparison from rotting: with tiny counts, every contender runs on a real embedded PostgreSQL, its
 * database holds every acknowledged increment, and the table prints a figure and a ratio for each. Timings are
 * printed by the benchmark, never asserted.
 */
class ComparisonSmokeTest {
    @Test
    void everySystemProducesAFigureOnOnePostgres() throws Exception {
        Comparison comparison = new Comparison(20, 200, 20, 10, 100, Comparison.ALL);
        List<String> progress = new ArrayList<>();
        List<Comparison.Result> results;
        try (ComparisonServer server = ComparisonServer.start()) {
            results = comparison.run(server, progress::add);
        }

        assertThat(results).extracting(Comparison.Result::system)
                .containsExactly("Loom", "Pekko persistence", "DBOS Transact");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.increments()).isEqualTo(200);
            assertThat(r.durable()).isGreaterThanOrEqualTo(220);
            assertThat(r.perSecond()).isPositive();
            assertThat(r.jvmMicros()).isPositive();
            // the server's time comes in 10 ms ticks, so a tiny run may read 0; NaN would mean it was not read
            assertThat(r.serverMicros()).isNotNaN().isGreaterThanOrEqualTo(0);
        });
        String table = CompareBenchmark.table(comparison, results);
        assertThat(table).contains("Loom/system", "Pekko persistence", "DBOS Transact").doesNotContain("NaN");
        assertThat(progress).anyMatch(line -> line.startsWith("DBOS Transact: warmed up"));
    }

    @Test
    void badOptionsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CompareBenchmark.parse(new String[]{"--systems", "akka"}))
                .hasMessageContaining("unknown system 'akka'");
        assertThatThrownBy(() -> CompareBenchmark.parse(new String[]{"--actors", "ten"}))
                .hasMessageContaining("--actors expects a whole number");
    }
}
