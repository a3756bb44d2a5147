package dev.loom.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliRun;
import dev.loom.cli.direct.DirectLoom;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.JournalEntry;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end, twice on one database: its report must agree with what the store holds. */
class DemoCommandTest {
    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @Test
    void twoRunsOnOneDatabaseReportWhatTheStoreHoldsWithoutDuplicateEffects() {
        JsonNode first = demo();
        JsonNode second = demo();
        assertThat(first.path("run").asLong()).isEqualTo(1);
        assertThat(second.path("run").asLong()).isEqualTo(2);
        int duplicates = MESSAGES / 10;
        for (JsonNode run : List.of(first, second)) {
            // every message, its duplicate and the run counter's increment was accepted, and each settled once
            assertThat(run.path("accepted").asLong()).isEqualTo(MESSAGES + duplicates + 1);
            assertThat(run.path("committed").asLong() + run.path("deduplicated").asLong() + run.path("dead_lettered").asLong())
                    .isEqualTo(run.path("accepted").asLong());
            assertThat(run.path("deduplicated").asLong()).isPositive().isLessThanOrEqualTo(duplicates);
            assertThat(run.path("dead_lettered").asLong()).isPositive();
            assertThat(run.path("retried").asLong()).isGreaterThanOrEqualTo(2 * run.path("dead_lettered").asLong());
            assertThat(run.path("database").asText()).isEqualTo(dir.resolve("loom.db").toAbsolutePath().toString());
        }
        try (DirectLoom direct = DirectLoom.over(SqliteStore.open(SqliteStoreOptions.at(dir.resolve("loom.db"))))) {
            Loom loom = direct.loom();
            long counterTotal = 0;
            for (int i = 1; i <= 10; i++) {
                ActorRef counter = ActorRef.of("counter", "demo-" + i);
                long value = loom.state(counter).state().path("value").asLong();
                // each increment is by one: a value equal to the journal length means no increment ran twice
                assertThat(loom.state(counter).seq()).isEqualTo(value);
                List<JournalEntry> journal = loom.journal(counter, 1, 10_000);
                assertThat(journal).extracting(JournalEntry::idempotencyKey).doesNotHaveDuplicates();
                counterTotal += value;
            }
            // half of each run's distinct messages are counter increments
            assertThat(counterTotal).isEqualTo(2L * MESSAGES / 2).isEqualTo(second.path("counter_total").asLong());
            assertThat(loom.state(ActorRef.of("counter", DemoCommand.RUNS_COUNTER)).state().path("value").asLong()).isEqualTo(2);
            long deadLetters = loom.deadLetters().count(DeadLetterQuery.all(1));
            assertThat(deadLetters).isEqualTo(first.path("dead_lettered").asLong() + second.path("dead_lettered").asLong())
                    .isEqualTo(second.path("dead_letters_total").asLong());
            long paidOut = 0;
            for (int i = 1; i <= 5; i++) {
                ActorRef account = ActorRef.of("account", "acc-" + i);
                JsonNode state = loom.state(account).state();
                List<JournalEntry> journal = loom.journal(account, 1, 10_000);
                long withdrawalsAsked = journal.stream().filter(e -> e.messageType().equals("Withdraw")).count();
                long deposits = journal.stream().filter(e -> e.messageType().equals("Deposit")).count();
                long paid = state.path("withdrawals").asLong();
                assertThat(paid).isLessThanOrEqualTo(withdrawalsAsked);
                assertThat(state.path("balance").asLong()).isEqualTo(deposits * 10 - paid * 5);
                paidOut += paid;
            }
            // every paid withdrawal of both runs was charged exactly once at the gateway, whose ledger lives beside
            // the database and so counts both runs
            assertThat(paidOut).isPositive().isEqualTo(second.path("payments_charged").asLong());
            assertThat(first.path("payments_charged").asLong()).isLessThan(paidOut);
        }
    }

    @Test
    void humanReportSaysWhereTheDatabaseIsAndHowToLookFurther() {
        CliRun run = CliRun.of("demo", "--data-dir", dir.toString(), "--messages", "40");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Loom demo, run 1, on the sqlite store at " + dir.resolve("loom.db").toAbsolutePath())
                .contains("messages accepted").contains("de-duplicated").contains("dead-lettered").contains("turns/s")
                .contains("./loom journal show counter/demo-1 --direct --db " + dir.resolve("loom.db").toAbsolutePath());
    }

    private JsonNode demo() {
        CliRun run = CliRun.of("demo", "--data-dir", dir.toString(), "--messages", String.valueOf(MESSAGES), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.parse(run.out());
    }
}
