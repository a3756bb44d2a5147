package dev.loom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Calling Loom from Java" example, compiled and run against a real server. */
class ReadmeClientExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src", "test", "java", "dev", "loom", "client",
            "ReadmeClientExampleTest.java");

    record Outcome(Sent sent, long value, ActorStateView state, JournalPage journal, DeadLetterPage letters) {
    }

    /** The README's code; {@code url} and {@code token} are the reader's own. */
    static Outcome example(String url, String token) {
        // readme:begin
        try (LoomClient loom = LoomClient.builder()
                .baseUrl(url)                                   // e.g. http://localhost:3000
                .token(token)                                   // a bearer token with the writer role (admin for dead letters)
                .requestTimeout(Duration.ofSeconds(10))
                .retries(3, Duration.ofMillis(200))             // connection failures; sends keep one idempotency key
                .build()) {
            ActorAddress c1 = ActorAddress.of("counter", "c1");
            Sent sent = loom.send(c1, "Increment", Map.of("by", 5),
                    SendOptions.none().withIdempotencyKey("order-17").withNewTrace());
            long value = loom.ask(c1, "Get", null, Long.class, Duration.ofSeconds(5)).reply();
            ActorStateView state = loom.state(c1);              // state.seq(), state.state(), state.stateAs(Count.class)
            JournalPage journal = loom.journal(c1, 1, 100);
            DeadLetterPage letters = loom.deadLetters(DeadLetterFilter.any().withQueue("email-sender"), null, 50);
            // readme:end
            return new Outcome(sent, value, state, journal, letters);
        }
    }

    @Test
    void theExampleRunsAgainstAServer(@TempDir Path dir) {
        try (RealServer server = RealServer.start(dir)) {
            Outcome first = example(server.url(), RealServer.ADMIN);
            Outcome again = example(server.url(), RealServer.ADMIN);
            assertThat(first.sent().deduplicated()).isFalse();
            assertThat(again.sent().deduplicated()).isTrue();
            assertThat(again.sent().messageId()).isEqualTo(first.sent().messageId());
            assertThat(again.value()).isEqualTo(5);
            assertThat(again.state().seq()).as("the ask is journaled; the repeated send is not").isEqualTo(3);
            assertThat(again.journal().entries()).extracting(JournalEntry::messageType).containsExactly("Increment", "Get", "Get");
            assertThat(again.letters().total()).isZero();
        }
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        String source = Files.readString(THIS_SOURCE);
        String code = source.substring(source.indexOf("// readme:begin\n") + "// readme:begin\n".length(),
                source.indexOf("            // readme:end"));
        String readme = Files.readString(README);
        assertThat(normalize(readme)).contains(normalize(code));
    }

    /** Both texts without their indentation, which differs between a Java method and a Markdown block. */
    private static String normalize(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
