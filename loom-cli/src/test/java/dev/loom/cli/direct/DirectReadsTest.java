package dev.loom.cli.direct;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read commands with --direct on a database the demo wrote, with no server running. */
class DirectReadsTest {
    @TempDir
    static Path dir;
    static String db;

    @BeforeAll
    static void writeADatabase() {
        CliRun demo = CliRun.of("demo", "--data-dir", dir.toString(), "--messages", "120", "--email-failure-rate", "0.5", "--json");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        db = dir.resolve("loom.db").toString();
    }

    @Test
    void stateJournalAndReplayAgree() {
        JsonNode state = json("state", "get", "counter/demo-1", "--direct", "--db", db, "--json");
        long seq = state.path("seq").asLong();
        assertThat(seq).isPositive();
        assertThat(state.path("state").path("value").asLong()).isEqualTo(seq);

        JsonNode page = json("journal", "show", "counter/demo-1", "--limit", "2", "--direct", "--db", db, "--json");
        assertThat(page.path("entries")).hasSize(2);
        assertThat(page.path("entries").get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(page.path("entries").get(0).path("patch").isArray()).isTrue();
        assertThat(page.path("next").asLong()).isEqualTo(3);

        JsonNode replay = json("journal", "replay", "counter/demo-1", "--direct", "--db", db, "--json");
        assertThat(replay.path("steps")).hasSize((int) seq);
        assertThat(replay.path("steps").get((int) seq - 1).path("state")).isEqualTo(state.path("state"));

        JsonNode past = json("state", "get", "counter/demo-1", "--at", "1", "--direct", "--db", db, "--json");
        assertThat(past.path("state").path("value").asLong()).isEqualTo(1);
    }

    @Test
    void deadLettersCanBeListedAndShown() {
        JsonNode list = json("dlq", "list", "--queue", "email-sender", "--limit", "3", "--direct", "--db", db, "--json");
        assertThat(list.path("total").asLong()).isPositive();
        assertThat(list.path("items").size()).isBetween(1, 3);
        String id = list.path("items").get(0).path("id").asText();
        CliRun show = CliRun.of("dlq", "show", id, "--direct", "--db", db);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("id:              " + id).contains("EmailDeliveryException").contains("attempts:        3");
    }

    @Test
    void idsByPrefixTimersAndTimeFilteredDeadLettersReadTheFile() {
        JsonNode ids = json("state", "list", "counter", "--prefix", "demo-", "--limit", "2", "--direct", "--db", db, "--json");
        assertThat(ids.path("ids")).hasSize(2);
        ids.path("ids").forEach(id -> assertThat(id.asText()).startsWith("demo-"));
        assertThat(ids.path("next").asText()).isEqualTo(ids.path("ids").get(1).asText());
        assertThat(json("state", "list", "counter", "--prefix", "nope-", "--direct", "--db", db, "--json").path("ids"))
                .isEmpty();
        JsonNode timers = json("state", "timers", "counter/demo-1", "--direct", "--db", db, "--json");
        assertThat(timers.path("actor").asText()).isEqualTo("counter/demo-1");
        assertThat(timers.path("timers").isArray()).isTrue();

        long all = json("dlq", "list", "--queue", "email-sender", "--direct", "--db", db, "--json").path("total").asLong();
        assertThat(json("dlq", "list", "--queue", "email-sender", "--failed-after", "2000-01-01T00:00:00Z", "--direct",
                "--db", db, "--json").path("total").asLong()).isEqualTo(all).isPositive();
        assertThat(json("dlq", "list", "--queue", "email-sender", "--failed-before", "2000-01-01T00:00:00Z", "--direct",
                "--db", db, "--json").path("total").asLong()).isZero();
    }

    @Test
    void unknownDeadLetterAndMissingDatabaseFail() {
        CliRun unknown = CliRun.of("dlq", "show", "no-such-id", "--direct", "--db", db);
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).contains("no dead letter with id 'no-such-id'");
        CliRun missing = CliRun.of("state", "get", "counter/c1", "--direct", "--db", dir.resolve("absent.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(missing.err()).contains("no Loom database at");
    }

    @Test
    void aFileThatIsNotALoomDatabaseFailsWithOneLineAndNoStackTrace() throws Exception {
        Path garbage = dir.resolve("garbage.db");
        Files.writeString(garbage, "this is not an SQLite file\n");
        CliRun run = CliRun.of("state", "get", "counter/c1", "--direct", "--db", garbage.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("is not a Loom database").doesNotContain("unexpected error")
                .doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    private static JsonNode json(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.parse(run.out());
    }
}
