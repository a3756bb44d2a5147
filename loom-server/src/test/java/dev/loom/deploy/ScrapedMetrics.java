package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.examples.ExampleActors;
import dev.loom.examples.email.EmailTransport;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code /metrics} of a real server (SQLite, the example actors) after traffic of every kind: committed sends,
 * a timer, failing sends retried into the dead-letter queue, a 404 and a 401, and a garbage collection
 * (Micrometer registers {@code jvm_gc_pause_seconds} at the first pause it sees after the server starts, which a
 * short test may not otherwise reach). Scraped once per test JVM and shared by the tests that check the
 * metrics a rule or a panel reads.
 */
final class ScrapedMetrics {
    private static String text;

    private ScrapedMetrics() {
    }

    static synchronized String text() {
        if (text == null) {
            text = scrape();
        }
        return text;
    }

    static Exposition exposition() {
        return Exposition.parse(text());
    }

    private static String scrape() {
        Path dir;
        try {
            dir = Files.createTempDirectory("scraped-metrics");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmailTransport transport = ExampleActors.transport();
        double failureRate = transport.failureRate();
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health/ready").status() == 200);
            for (int i = 0; i < 5; i++) {
                assertThat(http.post("/api/actors/counter/c" + i + "/messages", TestServers.WRITER,
                        "{\"type\":\"Increment\",\"payload\":{\"by\":1}}").status()).isEqualTo(202);
            }
            assertThat(http.post("/api/actors/counter/later/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}").status()).isEqualTo(202);
            transport.setFailureRate(1.0);
            for (int i = 0; i < 3; i++) {
                assertThat(http.post("/api/actors/email-sender/m" + i + "/messages", TestServers.WRITER,
                        "{\"type\":\"SendEmail\",\"payload\":{\"to\":\"u" + i + "@example.com\",\"subject\":\"hi\"}}")
                        .status()).isEqualTo(202);
            }
            assertThat(http.get("/api/actors/nosuch/x/state", TestServers.READER).status()).isEqualTo(404);
            assertThat(http.get("/api/actor-types", "not-a-token").status()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String m = http.get("/metrics").body();
                if (!m.contains("jvm_gc_pause_seconds_count{")) {
                    System.gc();
                    return false;
                }
                return m.contains("outcome=\"dead_lettered\"") && m.contains("outcome=\"committed\"")
                        && m.lines().anyMatch(l -> l.startsWith("loom_dead_letters ") && !l.equals("loom_dead_letters 0.0"));
            });
            return http.get("/metrics").body();
        } finally {
            transport.setFailureRate(failureRate);
        }
    }
}
