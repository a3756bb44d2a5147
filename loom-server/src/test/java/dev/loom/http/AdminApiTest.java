package dev.loom.http;

import static dev.loom.http.ActorApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API against a real server over SQLite. */
class AdminApiTest {
    @TempDir
    static Path dir;
    static LoomServer server;
    static Http http;
    static final String A = TestServers.ADMIN;

    @BeforeAll
    static void start() {
        server = TestServers.sqlite(dir, Map.of("LOOM_ACTORS_ACCOUNT_RETRY_MAX_ATTEMPTS", "1",
                "LOOM_ACTORS_COUNTER_RETAIN_JOURNAL", "true"));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A deposit of a non-positive amount throws in the handler; with one attempt it is dead-lettered at once. */
    static String deadLetterFor(String accountId) {
        assertThat(http.post("/api/actors/account/" + accountId + "/messages", TestServers.WRITER,
                "{\"type\":\"Deposit\",\"payload\":{\"amount\":-1}}").status()).isEqualTo(202);
        JsonNode items = await().atMost(Duration.ofSeconds(20)).until(
                () -> http.get("/api/admin/dead-letters?queue=account&actorId=" + accountId, A).json().path("items"),
                i -> i.size() == 1);
        return items.get(0).path("id").asText();
    }

    @Test
    void deadLettersCanBeListedInspectedRedrivenAndPurged() {
        String acct = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String id = deadLetterFor(acct);
        JsonNode one = http.get("/api/admin/dead-letters/" + id, A).json();
        assertThat(one.path("originalQueue").asText()).isEqualTo("account");
        assertThat(one.path("actorType").asText()).isEqualTo("account");
        assertThat(one.path("actorId").asText()).isEqualTo(acct);
        assertThat(one.path("message").path("messageType").asText()).isEqualTo("Deposit");
        assertThat(one.path("message").path("payload").path("amount").asLong()).isEqualTo(-1);
        assertThat(one.path("error").path("type").asText()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(one.path("error").path("stack").asText()).contains("IllegalArgumentException");
        assertThat(one.path("attempts").asInt()).isEqualTo(1);
        assertThat(one.path("firstFailedAt").asText()).isNotBlank();

        JsonNode filtered = http.get("/api/admin/dead-letters?errorType=" + IllegalArgumentException.class.getName()
                + "&actorId=" + acct, A).json();
        assertThat(filtered.path("total").asLong()).isEqualTo(1);
        assertThat(filtered.path("next").isNull()).isTrue();

        Http.Response redriven = http.post("/api/admin/dead-letters/redrive", A, "{\"ids\":[\"" + id + "\"]}");
        assertThat(redriven.json().path("redriven").asLong()).isEqualTo(1);
        // It fails again (the payload is still invalid) and returns to the queue as a new letter.
        String again = await().atMost(Duration.ofSeconds(20)).until(
                () -> http.get("/api/admin/dead-letters?actorId=" + acct, A).json().path("items"),
                i -> i.size() == 1).get(0).path("id").asText();
        assertThat(http.post("/api/admin/dead-letters/purge", A, "{\"filter\":{\"actorId\":\"" + acct + "\"}}")
                .json().path("purged").asLong()).isEqualTo(1);
        assertError(http.get("/api/admin/dead-letters/" + again, A), 404, "not_found");
        assertError(http.delete("/api/admin/dead-letters/" + again, A), 404, "not_found");
    }

    @Test
    void deleteRemovesOneLetterAndBadSelectionsAreRefused() {
        String acct = "d-" + UUID.randomUUID().toString().substring(0, 8);
        String id = deadLetterFor(acct);
        assertThat(http.delete("/api/admin/dead-letters/" + id, A).json().path("purged").asInt()).isEqualTo(1);
        assertError(http.post("/api/admin/dead-letters/redrive", A, "{}"), 400, "bad_request");
        assertError(http.post("/api/admin/dead-letters/redrive", A, "{\"all\":false}"), 400, "bad_request");
        assertError(http.post("/api/admin/dead-letters/purge", A, "{\"filter\":{}}"), 400, "bad_request");
        assertError(http.post("/api/admin/dead-letters/purge", A, "{\"ids\":[1]}"), 400, "bad_request");
        assertThat(http.post("/api/admin/dead-letters/redrive", A, "{\"ids\":[\"nope\"]}").json().path("redriven")
                .asLong()).isZero();
    }

    @Test
    void queuesBreakersAndPartitionsAreReported() {
        String c = "q-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post("/api/actors/counter/" + c + "/messages", TestServers.WRITER,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}").status()).isEqualTo(202);
        JsonNode queues = http.get("/api/admin/queues", A).json().path("queues");
        JsonNode counter = null;
        for (JsonNode q : queues) {
            if (q.path("queue").asText().equals("counter")) {
                counter = q;
            }
        }
        assertThat(counter).as(queues.toString()).isNotNull();
        assertThat(counter.path("timers").asLong() + counter.path("depth").asLong()).isPositive();
        assertThat(counter.has("oldestAgeSeconds")).isTrue();

        JsonNode breakers = http.get("/api/admin/circuit-breakers", A).json().path("breakers");
        assertThat(breakers.findValuesAsText("name")).contains("store");
        JsonNode reset = http.post("/api/admin/circuit-breakers/store/reset", A, null).json();
        assertThat(reset.path("name").asText()).isEqualTo("store");
        assertThat(reset.path("state").asText()).isEqualTo("CLOSED");
        assertError(http.post("/api/admin/circuit-breakers/nope/reset", A, null), 404, "not_found");

        JsonNode partitions = http.get("/api/admin/partitions", A).json();
        assertThat(partitions.path("node").asText()).isEqualTo(server.loom().nodeId());
        assertThat(partitions.path("partitions").size()).isEqualTo(server.loom().store().partitions());
        assertThat(partitions.path("partitions").findValuesAsText("heldHere")).contains("true");
    }

    @Test
    void cacheStatsClearAndWarm() {
        String c = "w-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode warmed = http.post("/api/admin/cache/warm", A, "{\"actors\":[\"counter/" + c + "\"]}").json();
        assertThat(warmed.path("warmed").asInt()).isEqualTo(1);
        JsonNode stats = http.get("/api/admin/cache/stats", A).json();
        assertThat(stats.path("size").asInt()).isPositive();
        assertThat(stats.path("capacity").asInt()).isEqualTo(100_000);
        assertThat(stats.has("hitRate")).isTrue();
        assertThat(stats.path("activations").asLong()).isPositive();
        JsonNode cleared = http.post("/api/admin/cache/clear", A, "{\"pattern\":\"counter/" + c + "\"}").json();
        assertThat(cleared.path("cleared").asInt()).isEqualTo(1);
        assertError(http.post("/api/admin/cache/clear", A, "{\"pattern\":7}"), 400, "bad_request");
        assertError(http.post("/api/admin/cache/warm", A, "{\"actors\":[\"nope\"]}"), 400, "invalid_actor_ref");
    }

    @Test
    void snapshotAndTrimRespectTheLatestSnapshot() {
        String c = "s-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            http.post("/api/actors/counter/" + c + "/messages", TestServers.WRITER, "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
        }
        await().atMost(Duration.ofSeconds(20)).until(
                () -> http.get("/api/actors/counter/" + c + "/state", A).json().path("seq").asLong() == 3);
        assertError(http.post("/api/admin/actors/counter/" + c + "/trim", A, "{\"upToSeq\":2}"), 409, "state_unavailable");
        JsonNode snap = http.post("/api/admin/actors/counter/" + c + "/snapshot", A, null).json();
        assertThat(snap.path("seq").asLong()).isEqualTo(3);
        assertThat(snap.path("actor").asText()).isEqualTo("counter/" + c);
        JsonNode trimmed = http.post("/api/admin/actors/counter/" + c + "/trim", A, "{\"upToSeq\":2}").json();
        assertThat(trimmed.path("trimmedTo").asLong()).isEqualTo(2);
        assertThat(http.get("/api/actors/counter/" + c + "/journal", A).json().path("entries").get(0).path("seq").asLong())
                .isEqualTo(3);
        assertError(http.post("/api/admin/actors/counter/" + c + "/trim", A, "{\"upToSeq\":-4}"), 400, "bad_request");
    }

    @Test
    void infoShowsTheEffectiveConfigurationWithoutSecrets() {
        Http.Response r = http.get("/api/admin/info", A);
        JsonNode info = r.json();
        assertThat(info.path("store").asText()).isEqualTo("sqlite");
        assertThat(info.path("env").asText()).isEqualTo("development");
        assertThat(info.path("version").asText()).isNotBlank().doesNotContain("${");
        assertThat(info.path("config").path("tokens").get(0).path("token").asText()).isEqualTo("***");
        assertThat(r.body()).doesNotContain(TestServers.ADMIN, TestServers.WRITER, TestServers.READER);
        assertThat(info.path("config").path("actors").path("account").path("retry").path("maxAttempts").asInt()).isEqualTo(1);
    }

    @Test
    void slowEndpointsReportsOnlyEndpointsOverTheThresholds() {
        JsonNode slow = http.get("/api/admin/performance/slow?window=PT1M", A).json();
        assertThat(slow.path("window").asText()).isEqualTo("PT1M");
        assertThat(slow.path("thresholds").path("p95Ms").asLong()).isEqualTo(500);
        assertThat(slow.path("thresholds").path("p99Ms").asLong()).isEqualTo(1000);
        for (JsonNode e : slow.path("endpoints")) {
            assertThat(e.path("p95Ms").asDouble() > 500 || e.path("p99Ms").asDouble() > 1000).as(e.toString()).isTrue();
        }
        assertError(http.get("/api/admin/performance/slow?window=forever", A), 400, "bad_request");
    }
}
