package dev.loom.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that opens a store in-process opens the one the server's configuration names (file, then
 * environment, then flags) and says which: a user who set LOOM_DATA_DIR runs the demo into that directory and
 * reads it back with --direct, with no --data-dir or --db.
 */
class ConfiguredStoreTest {
    @TempDir
    static Path dir;
    static Path dataDir;
    static Map<String, String> env;
    static CliRun demo;

    @BeforeAll
    static void runTheDemoWithLoomDataDirSet() {
        dataDir = dir.resolve("configured");
        env = Map.of("LOOM_DATA_DIR", dataDir.toString());
        demo = CliRun.withEnvironment(env, "demo", "--messages", "60", "--email-failure-rate", "0.5", "--json");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
    }

    @Test
    void theDemoWritesIntoLoomDataDirAndSaysSo() {
        Path db = dataDir.resolve("loom.db");
        JsonNode report = Json.parse(demo.out());
        assertThat(report.path("store").asText()).isEqualTo("sqlite");
        assertThat(report.path("database").asText()).isEqualTo(db.toString());
        assertThat(demo.err()).contains("loom: opened the sqlite store at " + db);
        assertThat(db).isRegularFile();
    }

    @Test
    void aDirectReadUsesTheSameConfigurationAndSaysWhichFileItOpened() {
        CliRun state = CliRun.withEnvironment(env, "state", "get", "counter/demo-1", "--direct", "--json");
        assertThat(state.exitCode()).as(state.toString()).isZero();
        assertThat(Json.parse(state.out()).path("seq").asLong()).isPositive();
        assertThat(state.err()).contains("loom: opened the sqlite store at " + dataDir.resolve("loom.db"));

        CliRun dlq = CliRun.withEnvironment(env, "dlq", "list", "--queue", "email-sender", "--direct", "--json");
        assertThat(dlq.exitCode()).as(dlq.toString()).isZero();
        assertThat(Json.parse(dlq.out()).path("total").asLong()).isPositive();
    }

    @Test
    void theConfigurationFileIsReadAndFlagsOverrideFileAndEnvironment() throws IOException {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, "store:\n  type: sqlite\n  dataDir: " + dataDir + "\n");
        CliRun fromFile = CliRun.withEnvironment(Map.of("LOOM_CONFIG", yaml.toString()),
                "journal", "show", "counter/demo-1", "--direct", "--json");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.err()).contains("opened the sqlite store at " + dataDir.resolve("loom.db"));

        CliRun elsewhere = CliRun.withEnvironment(env, "state", "get", "counter/demo-1", "--direct",
                "--data-dir", dir.resolve("empty").toString());
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(elsewhere.err()).contains("no Loom database at " + dir.resolve("empty").resolve("loom.db"));

        CliRun db = CliRun.withEnvironment(Map.of("LOOM_DATA_DIR", dir.resolve("empty").toString(), "LOOM_STORE", "memory"),
                "state", "get", "counter/demo-1", "--direct", "--db", dataDir.resolve("loom.db").toString(), "--json");
        assertThat(db.exitCode()).as(db.toString()).isZero();
    }

    @Test
    void aStoreThatKeepsNothingAndAnInvalidStoreConfigurationAreRefusedWithTheReason() {
        CliRun memory = CliRun.withEnvironment(Map.of("LOOM_STORE", "memory"), "dlq", "list", "--direct");
        assertThat(memory.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(memory.err()).contains("the memory store keeps nothing between processes");

        CliRun unknown = CliRun.withEnvironment(Map.of("LOOM_STORE", "redis"), "state", "get", "counter/c", "--direct");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).contains("store.type (from LOOM_STORE): expected one of memory, postgres, sqlite");
    }

    @Test
    void anOfflineBackupExportsTheConfiguredStore() {
        Path out = dir.resolve("backup.jsonl");
        CliRun export = CliRun.withEnvironment(env, "backup", "export", "--out", out.toString(), "--direct", "--force");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.err()).contains("opened the sqlite store at " + dataDir.resolve("loom.db"));
        assertThat(out).isRegularFile();

        Path restored = dir.resolve("restored");
        CliRun imported = CliRun.withEnvironment(Map.of("LOOM_DATA_DIR", restored.toString()),
                "backup", "import", out.toString(), "--direct");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("into the sqlite store at " + restored.resolve("loom.db"));
    }

    @Test
    void aBenchmarkOnAStoreNoProviderHasIsAUsageErrorListingTheKnownStores() {
        CliRun bench = CliRun.of("bench", "--store", "cassandra");
        assertThat(bench.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bench.err()).contains("no store named \"cassandra\"").contains("known stores: memory, postgres, sqlite");
    }
}
