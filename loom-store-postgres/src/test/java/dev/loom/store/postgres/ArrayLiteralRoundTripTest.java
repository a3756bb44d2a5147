package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The group commit sends its messages and journal entries as array literals ({@link UnnestInsert}); text that
 * array syntax gives a meaning to (quotes, backslashes, braces, commas, the word NULL, blanks) and nulls must come
 * back from the database exactly as they went in.
 */
class ArrayLiteralRoundTripTest {
    private static final List<String> AWKWARD = List.of("", " ", "NULL", "null", "\"", "\\", "\\\"",
            "\"\"\\\\x\"", "{}", "{a,b}", "a,b", "{\"x\":\"y\\\\z\"}", "tab\there", "line\nbreak", "ünïcødé ✓",
            "'single'", "  padded  ");

    @Test
    void awkwardTextAndNullsSurviveTheArrayLiteral() {
        TestPostgres pg = TestPostgres.get();
        String schema = "literal_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        PostgresStoreOptions options = PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(2).withPartitions(2);
        try (PostgresStore store = PostgresStore.open(options)) {
            List<Envelope> sent = new ArrayList<>();
            for (int i = 0; i < AWKWARD.size(); i++) {
                String text = AWKWARD.get(i);
                sent.add(new Envelope("m-" + i, new ActorRef("t", "id-" + i), 1, "type " + text, text,
                        i % 2 == 0 ? null : text, i % 3 == 0 ? null : text, null, Instant.ofEpochSecond(1_700_000_000L, i)));
            }
            store.messages().enqueue(sent);

            List<Envelope> stored = store.messages().fetch(1, 0, 100).stream().map(StoredMessage::envelope).toList();
            assertThat(stored).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void theLiteralQuotesTextAndWritesNumbersAndNullsBare() {
        List<Object> values = new ArrayList<>();
        values.add("a\"b\\c");
        values.add(null);
        values.add(7);
        values.add(8L);
        assertThat(UnnestInsert.literal(values)).isEqualTo("{\"a\\\"b\\\\c\",NULL,7,8}");
        assertThat(UnnestInsert.literal(List.of("\"\"\\\\x\"", "plain", "\\")))
                .isEqualTo("{\"\\\"\\\"\\\\\\\\x\\\"\",\"plain\",\"\\\\\"}");
    }
}
