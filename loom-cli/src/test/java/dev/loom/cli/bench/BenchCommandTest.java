package dev.loom.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmarks run with tiny sizes and print sane figures; timings are printed, never asserted. */
class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void throughputBenchPrintsOneJsonObjectWithEveryKeyOnTheLastLine(String store) {
        CliRun run = CliRun.of("bench", "--store", store, "--messages", "600", "--actors", "12", "--senders", "3",
                "--payload-bytes", "50", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.fieldNames()).toIterable().contains("throughput_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms",
                "peak_heap_mb", "messages", "actors", "store");
        assertThat(r.path("store").asText()).isEqualTo(store);
        assertThat(r.path("messages").asLong()).isEqualTo(600);
        assertThat(r.path("actors").asInt()).isEqualTo(12);
        assertThat(r.path("active_actors").asInt()).isEqualTo(12);
        assertThat(r.path("throughput_per_s").asDouble()).isPositive();
        assertThat(r.path("p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(r.path("p95_ms").asDouble());
        assertThat(r.path("p95_ms").asDouble()).isLessThanOrEqualTo(r.path("p99_ms").asDouble());
        assertThat(r.path("p99_ms").asDouble()).isLessThanOrEqualTo(r.path("max_ms").asDouble() * 1.01);
        assertThat(r.path("peak_heap_mb").asDouble()).isPositive();
        assertThat(r.path("store_commits").asLong()).isPositive();
        assertThat(r.path("store_batch_mean").asDouble()).isGreaterThanOrEqualTo(1.0);
        // The breakdown's parts are each no longer than the whole they are part of.
        for (String part : new String[] {"enqueue", "to_turn", "turn_to_commit"}) {
            assertThat(r.path(part + "_p50_ms").asDouble()).as(part).isNotNegative()
                    .isLessThanOrEqualTo(r.path(part + "_p99_ms").asDouble());
        }
        for (String part : new String[] {"to_turn", "turn_to_commit"}) {
            assertThat(r.path(part + "_p99_ms").asDouble()).as(part).isLessThanOrEqualTo(r.path("max_ms").asDouble() * 1.01);
        }
    }

    @Test
    void rateLimitedBenchSendsEveryMessage() {
        CliRun run = CliRun.of("bench", "--store", "memory", "--messages", "200", "--actors", "5", "--rate", "2000", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.path("messages").asLong()).isEqualTo(200);
        // Message i is due at i / rate, so the last (i = 199) cannot be sent, let alone committed, before 99.5 ms.
        assertThat(r.path("elapsed_s").asDouble()).isGreaterThanOrEqualTo(199 / 2000.0);
    }

    @Test
    void humanOutputIsATable() {
        CliRun run = CliRun.of("bench", "--store", "memory", "--messages", "100", "--actors", "4");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("loom bench: 100 messages to 4 actors on memory").contains("throughput_per_s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "memory"})
    void pipelineBenchRunsEveryRunToItsEndAndCountsThreeTransitionsEach(String store) {
        CliRun run = CliRun.of("bench", "pipelines", "--store", store, "--runs", "120", "--warmup-runs", "10",
                "--starters", "4", "--workers", "8", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.path("store").asText()).isEqualTo(store);
        assertThat(r.path("runs").asInt()).isEqualTo(120);
        assertThat(r.path("stages").asInt()).isEqualTo(3);
        assertThat(r.path("stage_transitions").asLong()).isEqualTo(360);
        assertThat(r.path("runs_per_s").asDouble()).isPositive();
        assertThat(r.path("stage_transitions_per_s").asDouble())
                .isCloseTo(3 * r.path("runs_per_s").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(r.path("store_commits").asLong()).isPositive();
        assertThat(r.path("active_actors_after_runs").asInt()).as("ended runs left memory; %s", r)
                .isLessThan(120);
        assertThat(r.path("status_read_us_per_run").asDouble()).isPositive();
    }

    @Test
    void pipelineBenchRefusesZeroRuns() {
        CliRun run = CliRun.of("bench", "pipelines", "--store", "memory", "--runs", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--runs");
    }

    @Test
    void activationBenchRestoresTheWholeJournal() {
        CliRun run = CliRun.of("bench", "activation", "--entries", "250", "--snapshot-every", "100", "--runs", "3", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.path("journal_entries").asLong()).isEqualTo(250);
        assertThat(r.path("runs").asInt()).isEqualTo(3);
        assertThat(r.path("activation_p50_ms").asDouble()).isPositive()
                .isLessThanOrEqualTo(r.path("activation_max_ms").asDouble());
    }

    @Test
    void memoryBenchKeepsEveryCounterActive() {
        CliRun run = CliRun.of("bench", "memory", "--actors", "400", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.path("active_actors").asInt()).isEqualTo(400);
        assertThat(r.path("heap_after_mb").asDouble()).isPositive();
        assertThat(r.path("bytes_per_actor").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void postgresBenchStartsAnEmbeddedServerAndRunsTwoNodesOverIt() {
        CliRun run = CliRun.of("bench", "--store", "postgres", "--nodes", "2", "--messages", "400", "--actors", "20",
                "--senders", "4", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("no --pg-url given: starting an embedded PostgreSQL 17")
                .contains("schema loom_bench_").contains("loom: 2 nodes hold [");
        JsonNode r = Json.parse(run.lastOutLine());
        assertThat(r.path("store").asText()).isEqualTo("postgres");
        assertThat(r.path("nodes").asInt()).isEqualTo(2);
        assertThat(r.path("messages").asLong()).isEqualTo(400);
        assertThat(r.path("throughput_per_s").asDouble()).isPositive();
    }

    @Test
    void nodesNeedAStoreThatNodesShare() {
        CliRun run = CliRun.of("bench", "--store", "memory", "--nodes", "2", "--messages", "10");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--nodes 2 needs a store that several nodes share");
    }

    @Test
    void postgresOptionsGoWithThePostgresStoreOnly() {
        CliRun run = CliRun.of("bench", "--store", "sqlite", "--pg-url", "jdbc:postgresql://localhost/x");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("go with --store postgres");
    }

    @Test
    void nonsenseSizesAreUsageErrors() {
        CliRun run = CliRun.of("bench", "--messages", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--messages");
    }
}
