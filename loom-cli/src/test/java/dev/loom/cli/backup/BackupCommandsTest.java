package dev.loom.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.json.Json;
import dev.loom.server.LoomServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loom backup export|import} against real servers over SQLite and with {@code --direct}: a store
 * populated by the example actors (counter with an idempotency key, account with a durable step, email-sender
 * with dead letters, reminder with a pending timer) is exported, imported into a fresh empty store, and then
 * answers the same through the API: states, journals, dead letters, timers; a repeated idempotency key is still
 * de-duplicated and the dead letters can be redriven.
 */
class BackupCommandsTest {
    private static final String ADMIN = "admin-backup-test-0123456789abcdef01";
    private static final List<String> ACTORS = List.of("counter/c1", "account/acc1", "email-sender/mailer", "reminder/r1");

    @TempDir
    static Path dir;
    static LoomServer source;
    static String sourceUrl;

    @BeforeAll
    static void startAndPopulate() {
        source = server(dir.resolve("source"));
        sourceUrl = "http://127.0.0.1:" + source.port();
        ok(cli(sourceUrl, "send", "counter/c1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1"));
        ok(cli(sourceUrl, "send", "counter/c1", "Increment", "{\"by\": 2}"));
        ok(cli(sourceUrl, "send", "account/acc1", "Deposit", "{\"amount\": 100}"));
        ok(cli(sourceUrl, "send", "account/acc1", "Withdraw", "{\"amount\": 30, \"reference\": \"r-1\"}"));
        ok(cli(sourceUrl, "send", "reminder/r1", "Start", "{\"intervalMillis\": 3600000, \"skipMissed\": false}"));
        ExampleActors.transport().setFailureRate(1.0);
        try {
            for (int i = 0; i < 2; i++) {
                ok(cli(sourceUrl, "send", "email-sender/mailer", "SendEmail",
                        "{\"to\": \"u" + i + "@example.com\", \"subject\": \"hi\"}"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(sourceUrl, "dlq", "list", "--actor-id", "mailer").path("items").size() == 2);
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(sourceUrl, "state", "get", "counter/c1").path("seq").asLong() == 2
                        && json(sourceUrl, "state", "get", "account/acc1").path("seq").asLong() == 2
                        && json(sourceUrl, "state", "get", "reminder/r1").path("seq").asLong() == 1);
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void exportFromAServerImportIntoAFreshServerReproducesTheState() throws IOException {
        Path file = dir.resolve("remote.jsonl");
        CliRun export = cli(sourceUrl, "backup", "export", "--out", file.toString());
        ok(export);
        assertThat(export.out()).contains("exported").contains("2 dead letters").contains(file.toString());
        assertThat(Files.readAllLines(file).get(0)).startsWith("{\"format\":\"loom-backup\",\"version\":1,\"store\":\"sqlite\"");

        CliRun again = cli(sourceUrl, "backup", "export", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(again.err()).contains("already exists").contains("--force");
        ok(cli(sourceUrl, "backup", "export", "--out", file.toString(), "--force"));

        try (LoomServer target = server(dir.resolve("remote-target"))) {
            String url = "http://127.0.0.1:" + target.port();
            CliRun imported = cli(url, "backup", "import", file.toString());
            ok(imported);
            assertThat(imported.out()).contains("imported").contains("records");

            CliRun twice = cli(url, "backup", "import", file.toString());
            assertThat(twice.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(twice.err()).contains("409").contains("not empty");

            assertSameAsSource(url);
            assertIdempotencyAndRedriveWork(url);
        }
    }

    @Test
    void directExportAndImportRoundTripThroughTheDatabaseFiles() {
        Path file = dir.resolve("direct.jsonl");
        ok(cli(null, "backup", "export", "--out", file.toString(), "--direct", "--db",
                dir.resolve("source").resolve("loom.db").toString()));

        Path restoredDir = dir.resolve("direct-target");
        Path db = restoredDir.resolve("loom.db");
        CliRun imported = cli(null, "backup", "import", file.toString(), "--direct", "--db", db.toString());
        ok(imported);
        assertThat(imported.out()).contains("imported").contains(db.toString());
        CliRun twice = cli(null, "backup", "import", file.toString(), "--direct", "--db", db.toString());
        assertThat(twice.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(twice.err()).contains("not empty");

        try (LoomServer target = server(restoredDir)) {
            String url = "http://127.0.0.1:" + target.port();
            assertSameAsSource(url);
            assertIdempotencyAndRedriveWork(url);
        }
    }

    @Test
    void damagedFilesAreRefusedWithTheLineAndNothingIsCreated() throws IOException {
        Path file = dir.resolve("good.jsonl");
        ok(cli(sourceUrl, "backup", "export", "--out", file.toString(), "--force"));
        List<String> lines = Files.readAllLines(file);

        Path truncated = dir.resolve("truncated.jsonl");
        Files.write(truncated, lines.subList(0, lines.size() - 1));
        Path edited = dir.resolve("edited.jsonl");
        List<String> changed = new ArrayList<>(lines);
        changed.set(1, changed.get(1).replaceFirst("\"seq\":(\\d)", "\"seq\":9$1"));
        assertThat(changed.get(1)).isNotEqualTo(lines.get(1));
        Files.write(edited, changed);
        Path future = dir.resolve("future.jsonl");
        List<String> newer = new ArrayList<>(lines);
        newer.set(0, newer.get(0).replace("\"version\":1", "\"version\":2"));
        Files.write(future, newer);

        Path db = dir.resolve("never-created").resolve("loom.db");
        Files.createDirectories(db.getParent());
        assertRefused(truncated, db, "line " + (lines.size() - 1), "truncated");
        assertRefused(edited, db, "line " + lines.size(), "checksum mismatch");
        assertRefused(future, db, "line 1", "version 2 is not supported");
        assertRefused(dir.resolve("missing.jsonl"), db, "cannot read", "no such file");
        assertThat(db).doesNotExist();

        CliRun remote = cli(sourceUrl, "backup", "import", edited.toString());
        assertThat(remote.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(remote.err()).contains("checksum mismatch");

        CliRun noDir = cli(sourceUrl, "backup", "export", "--out", dir.resolve("no/such/dir/b.jsonl").toString());
        assertThat(noDir.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(noDir.err()).contains("does not exist");
    }

    private static void assertRefused(Path file, Path db, String where, String what) {
        CliRun run = cli(null, "backup", "import", file.toString(), "--direct", "--db", db.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains(where).contains(what);
    }

    private static void assertSameAsSource(String url) {
        assertThat(view(url)).isEqualTo(view(sourceUrl));
        assertThat(json(url, "state", "get", "counter/c1").path("state").path("value").asLong()).isEqualTo(7);
        assertThat(json(url, "state", "get", "account/acc1").path("state").path("balance").asLong()).isEqualTo(70);
    }

    private static void assertIdempotencyAndRedriveWork(String url) {
        JsonNode repeated = json(url, "ask", "counter/c1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1");
        assertThat(repeated.path("deduplicated").asBoolean()).as(repeated.toString()).isTrue();
        assertThat(json(url, "state", "get", "counter/c1").path("seq").asLong()).isEqualTo(2);

        CliRun redrive = cli(url, "dlq", "redrive", "--actor-id", "mailer");
        ok(redrive);
        assertThat(redrive.out()).contains("redriven: 2");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(url, "state", "get", "email-sender/mailer").path("state").path("sent").asLong() == 2);
    }

    /** What the API answers about the populated actors, their dead letters and their timers. */
    private static JsonNode view(String url) {
        ObjectNode v = Json.mapper().createObjectNode();
        for (String actor : ACTORS) {
            JsonNode state = json(url, "state", "get", actor);
            v.set(actor + " state", state.path("state"));
            v.put(actor + " seq", state.path("seq").asLong());
            v.set(actor + " journal", json(url, "journal", "show", actor).path("entries"));
        }
        v.set("dead letters", json(url, "dlq", "list").path("items"));
        for (JsonNode q : json(url, "queues").path("queues")) {
            v.put("timers of " + q.path("queue").asText(), q.path("timers").asLong());
        }
        return v;
    }

    private static LoomServer server(Path dataDir) {
        return LoomServer.start(LoomConfig.load(Optional.empty(), Map.of(
                "LOOM_STORE", "sqlite", "LOOM_DATA_DIR", dataDir.toString(), "LOOM_HTTP_PORT", "0", "LOG_LEVEL", "warn",
                "LOOM_TOKENS", "admin:" + ADMIN,
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "100000", "LOOM_RATE_LIMITS_PER_CLIENT_BURST", "100000",
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "100000", "LOOM_RATE_LIMITS_PER_TOKEN_BURST", "100000")));
    }

    private static CliRun cli(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (url != null) {
            all.addAll(List.of("--url", url, "--token", ADMIN));
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CliRun run = cli(url, all.toArray(String[]::new));
        ok(run);
        return Json.parse(run.out());
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}
