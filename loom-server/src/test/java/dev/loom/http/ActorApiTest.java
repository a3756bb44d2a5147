package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application API against a real server over SQLite. */
class ActorApiTest {
    @TempDir
    static Path dir;
    static LoomServer server;
    static Http http;
    static final String W = TestServers.WRITER;

    @BeforeAll
    static void start() {
        server = TestServers.sqlite(dir, Map.of("LOOM_ACTORS_COUNTER_SNAPSHOT_EVERY", "3"));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String fresh() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void increment(String id, long by) {
        Http.Response r = http.post("/api/actors/counter/" + id + "/messages", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":" + by + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    static JsonNode awaitSeq(String id, long seq) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/actors/counter/" + id + "/state", W).json(),
                s -> s.path("seq").asLong() >= seq);
    }

    @Test
    void actorTypesListsTheExamplesWithMessageTypesAndConfiguredPolicies() {
        JsonNode types = http.get("/api/actor-types", TestServers.READER).json().path("actorTypes");
        assertThat(types.findValuesAsText("name")).contains("counter", "account", "email-sender", "reminder");
        for (JsonNode t : types) {
            if (t.path("name").asText().equals("counter")) {
                assertThat(t.path("messageTypes").toString()).contains("Increment", "Reset", "Get");
                assertThat(t.path("snapshotEvery").asInt()).isEqualTo(3);
                assertThat(t.path("retry").path("maxAttempts").asInt()).isPositive();
            }
        }
    }

    @Test
    void sendIsAcceptedThenCommittedAndVisibleInStateJournalAndReplay() {
        String id = fresh();
        Http.Response r = http.post("/api/actors/counter/" + id + "/messages", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":5}}");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("actor").asText()).isEqualTo("counter/" + id);
        String messageId = r.json().path("messageId").asText();
        assertThat(messageId).isNotBlank();
        assertThat(r.json().path("deduplicated").isBoolean()).as("always present: %s", r.body()).isTrue();
        assertThat(r.json().path("deduplicated").asBoolean()).isFalse();
        increment(id, 2);
        JsonNode state = awaitSeq(id, 2);
        assertThat(state.path("state").path("value").asLong()).isEqualTo(7);
        assertThat(state.path("actor").asText()).isEqualTo("counter/" + id);

        JsonNode journal = http.get("/api/actors/counter/" + id + "/journal?from=1&limit=1", W).json();
        assertThat(journal.path("entries")).hasSize(1);
        JsonNode first = journal.path("entries").get(0);
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("messageId").asText()).isEqualTo(messageId);
        assertThat(first.path("messageType").asText()).isEqualTo("Increment");
        assertThat(first.path("patch").isArray()).isTrue();
        assertThat(first.path("committedAt").asText()).isNotBlank();
        assertThat(journal.path("next").asLong()).isEqualTo(2);
        JsonNode rest = http.get("/api/actors/counter/" + id + "/journal?from=2", W).json();
        assertThat(rest.path("entries")).hasSize(1);
        assertThat(rest.path("next").isNull()).isTrue();

        JsonNode at1 = http.get("/api/actors/counter/" + id + "/state?at=1", W).json();
        assertThat(at1.path("seq").asLong()).isEqualTo(1);
        assertThat(at1.path("state").path("value").asLong()).isEqualTo(5);
        Http.Response beyond = http.get("/api/actors/counter/" + id + "/state?at=99", W);
        assertThat(beyond.status()).isEqualTo(404);
        assertThat(beyond.error()).isEqualTo("not_found");

        JsonNode replay = http.get("/api/actors/counter/" + id + "/replay?from=1&to=2", W).json();
        assertThat(replay.path("steps")).hasSize(2);
        assertThat(replay.path("steps").get(0).path("state").path("value").asLong()).isEqualTo(5);
        assertThat(replay.path("steps").get(1).path("state").path("value").asLong()).isEqualTo(7);
        assertThat(replay.path("steps").get(1).path("entry").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void askReturnsTheReplyAndAnIdempotentRetryReturnsTheStoredOne() {
        String id = fresh();
        Map<String, String> key = Map.of("Idempotency-Key", "op-1");
        Http.Response first = http.send("POST", "/api/actors/counter/" + id + "/ask?timeout=15s", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":4}}", key);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("reply").asLong()).isEqualTo(4);
        assertThat(first.json().path("deduplicated").asBoolean()).isFalse();
        Http.Response again = http.send("POST", "/api/actors/counter/" + id + "/ask", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":4}}", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("reply").asLong()).isEqualTo(4);
        assertThat(again.json().path("deduplicated").asBoolean()).isTrue();
        assertThat(http.get("/api/actors/counter/" + id + "/state", W).json().path("state").path("value").asLong())
                .isEqualTo(4);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstMessageIdWhichIsTheOneInTheJournal() throws Exception {
        String id = fresh();
        String path = "/api/actors/counter/" + id + "/messages";
        String body = "{\"type\":\"Increment\",\"payload\":{\"by\":6}}";
        Map<String, String> key = Map.of("Idempotency-Key", "order-17");
        List<Http.Response> racing;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> http.send("POST", path, W, body, key)));
            }
            racing = new ArrayList<>();
            for (Future<Http.Response> c : calls) {
                racing.add(c.get(30, TimeUnit.SECONDS));
            }
        }
        assertThat(racing).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        assertThat(racing).filteredOn(r -> !r.json().path("deduplicated").asBoolean()).as("accepted as new").hasSize(1);
        String messageId = racing.getFirst().json().path("messageId").asText();
        assertThat(racing).extracting(r -> r.json().path("messageId").asText()).containsOnly(messageId);

        awaitSeq(id, 1);
        Http.Response afterCommit = http.send("POST", path, W, body, key);
        assertThat(afterCommit.status()).isEqualTo(202);
        assertThat(afterCommit.json().path("messageId").asText()).isEqualTo(messageId);
        assertThat(afterCommit.json().path("deduplicated").asBoolean()).isTrue();
        assertThat(afterCommit.json().path("actor").asText()).isEqualTo("counter/" + id);

        JsonNode entries = http.get("/api/actors/counter/" + id + "/journal", W).json().path("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("messageId").asText()).isEqualTo(messageId);
        assertThat(entries.get(0).path("idempotencyKey").asText()).isEqualTo("order-17");
        assertThat(http.get("/api/actors/counter/" + id + "/state", W).json().path("state").path("value").asLong())
                .isEqualTo(6);
    }

    @Test
    void sendWithTraceparentAndDelayIsAccepted() {
        String id = fresh();
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Http.Response r = http.send("POST", "/api/actors/counter/" + id + "/messages", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT0.2S\"}", Map.of("traceparent", tp));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        awaitSeq(id, 1);
        JsonNode entry = http.get("/api/actors/counter/" + id + "/journal", W).json().path("entries").get(0);
        assertThat(entry.path("traceparent").asText()).contains("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void listingActorsOfATypePagesThroughIds() {
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        for (int i = 0; i < 3; i++) {
            increment(prefix + i, 1);
        }
        for (int i = 0; i < 3; i++) {
            awaitSeq(prefix + i, 1);
        }
        JsonNode page = http.get("/api/actors/counter?limit=1000", W).json();
        assertThat(page.path("type").asText()).isEqualTo("counter");
        assertThat(page.path("ids").toString()).contains(prefix + "0", prefix + "1", prefix + "2");
        JsonNode one = http.get("/api/actors/counter?limit=1&after=" + prefix + "0", W).json();
        assertThat(one.path("ids").get(0).asText()).isEqualTo(prefix + "1");
        assertThat(one.path("next").asText()).isEqualTo(prefix + "1");
    }

    @Test
    void badInputGetsTheContractsErrors() {
        String id = fresh();
        assertError(http.post("/api/actors/nosuch/" + id + "/messages", W, "{\"type\":\"X\"}"), 404, "unknown_actor_type");
        assertError(http.post("/api/actors/counter/" + id + "/messages", W, "{\"type\":\"Explode\"}"), 400,
                "unknown_message_type");
        assertError(http.post("/api/actors/counter/" + id + "/messages", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":\"many\"}}"), 400, "invalid_message");
        assertError(http.post("/api/actors/counter/bad%20id/messages", W, "{\"type\":\"Increment\"}"), 400,
                "invalid_actor_ref");
        assertError(http.post("/api/actors/Counter/" + id + "/messages", W, "{\"type\":\"Increment\"}"), 400,
                "invalid_actor_ref");
        assertError(http.post("/api/actors/counter/" + id + "/messages", W, "{\"type\":"), 400, "malformed_json");
        assertError(http.post("/api/actors/counter/" + id + "/messages", W, "[1,2]"), 400, "bad_request");
        assertError(http.post("/api/actors/counter/" + id + "/messages", W, "{\"type\":\"Increment\",\"extra\":1}"),
                400, "bad_request");
        assertError(http.post("/api/actors/counter/" + id + "/ask?timeout=5h", W, "{\"type\":\"Get\"}"), 400,
                "bad_request");
        assertError(http.get("/api/actors/counter/" + id + "/journal?limit=abc", W), 400, "bad_request");
        assertError(http.get("/api/actors/nosuch/" + id + "/state", W), 404, "unknown_actor_type");
        assertError(http.send("POST", "/api/actors/counter/" + id + "/messages", W, "{\"type\":\"Get\"}",
                Map.of("traceparent", "garbage")), 400, "bad_request");
    }

    @Test
    void askTimesOutWith504WhenTheActorCannotAnswerInTime() {
        String id = fresh();
        // A long delay keeps the message from being handled within the ask's timeout.
        Http.Response r = http.post("/api/actors/counter/" + id + "/ask?timeout=300ms", W,
                "{\"type\":\"Get\",\"delay\":\"PT30S\"}");
        assertError(r, 504, "ask_timeout");
    }

    static void assertError(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.error()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("message").asText()).isNotBlank();
    }
}
