package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes, Prometheus metrics and the breaker view, without a token, over SQLite. */
class ProbesAndMetricsTest {
    @TempDir
    static Path dir;
    static LoomServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = TestServers.sqlite(dir);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsStorePartitionsAndBreakers() {
        Http.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        JsonNode h = r.json();
        assertThat(h.path("status").asText()).isEqualTo("healthy");
        assertThat(h.path("timestamp").asText()).isNotBlank();
        assertThat(h.path("uptime").isNumber()).isTrue();
        assertThat(h.path("version").asText()).isNotBlank();
        assertThat(h.path("checks").path("store").path("status").asText()).isEqualTo("up");
        assertThat(h.path("checks").path("store").path("latencyMs").isNumber()).isTrue();
        assertThat(h.path("checks").path("partitions").path("held").asInt()).isEqualTo(64);
        assertThat(h.path("checks").path("partitions").path("total").asInt()).isEqualTo(64);
        assertThat(h.path("checks").path("breakers").path("open").isArray()).isTrue();
    }

    @Test
    void liveAndReadyAnswerWithoutToken() {
        assertThat(http.get("/health/live").json().path("status").asText()).isEqualTo("alive");
        Http.Response ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    }

    @Test
    void metricsExposeWhatTheRunbookAlertsNeed() {
        http.post("/api/actors/counter/m1/messages", TestServers.WRITER, "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
        http.post("/api/actors/counter/m2/messages", TestServers.WRITER,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}");
        http.get("/api/actors/nosuch/x/state", TestServers.READER);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String b = http.get("/metrics").body();
            return b.contains("loom_messages_total{") && b.contains("loom_queue_depth{");
        });
        Http.Response r = http.get("/metrics");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        assertThat(m).contains(
                "http_server_requests_seconds_bucket{",
                "http_server_requests_seconds_count{method=\"POST\",route=\"/api/actors/{type}/{id}/messages\",status=\"2xx\"}",
                "http_server_errors_total{method=\"GET\",route=\"/api/actors/{type}/{id}/state\",status=\"4xx\"}",
                "loom_messages_total{actor_type=\"counter\",outcome=\"committed\"}",
                "loom_turn_duration_seconds_bucket{",
                "loom_store_commit_duration_seconds",
                "loom_store_commit_batch",
                "loom_queue_depth{queue=\"counter\"}",
                "loom_queue_oldest_age_seconds{queue=\"counter\"}",
                "loom_dead_letters ",
                "loom_actors_active ",
                "loom_partitions_held ",
                "resilience4j_circuitbreaker_state{",
                "jvm_memory_used_bytes",
                "process_cpu_usage",
                "process_uptime_seconds");
    }

    /** Micrometer holds gauge objects weakly: a gauge whose object was collected reads NaN and no alert fires. */
    @Test
    void gaugesStillReadValuesAfterGarbageCollection() throws Exception {
        http.post("/api/actors/counter/g1/messages", TestServers.WRITER,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").body().contains("loom_queue_timers{"));
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        String m = http.get("/metrics").body();
        assertThat(m.lines().filter(l -> l.startsWith("loom_dead_letters ") || l.startsWith("loom_queue_")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).doesNotEndWith("NaN"));
    }

    @Test
    void circuitBreakersView() {
        JsonNode b = http.get("/metrics/circuit-breakers").json().path("breakers").get(0);
        assertThat(b.path("name").asText()).isEqualTo("store");
        assertThat(b.path("state").asText()).isEqualTo("CLOSED");
        for (String f : new String[] {"failureRate", "bufferedCalls", "failedCalls", "notPermittedCalls"}) {
            assertThat(b.has(f)).as(f).isTrue();
        }
    }
}
