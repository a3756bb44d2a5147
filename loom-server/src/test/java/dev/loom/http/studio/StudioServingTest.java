package dev.loom.http.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Studio as the server serves it, without a browser: its files carry the strict Content-Security-Policy and no
 * cookie, only the listed files are served, the files load nothing from another origin, the OpenAPI document
 * leaves them out, and the two API routes Studio added answer what the pages rely on.
 */
class StudioServingTest {
    @Test
    void servesTheFilesWithAStrictPolicyAndNothingElse(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            for (String path : List.of("/studio", "/studio/", "/studio/index.html", "/studio/studio.js",
                    "/studio/charts.js", "/studio/studio.css", "/studio/favicon.svg")) {
                Http.Response r = http.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                        .hasValue(StudioAssets.CONTENT_SECURITY_POLICY);
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
                assertThat(r.headers().firstValue("Set-Cookie")).as(path).isEmpty();
            }
            assertThat(StudioAssets.CONTENT_SECURITY_POLICY).contains("default-src 'none'", "script-src 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe", "http:", "https:");
            assertThat(http.get("/studio").headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(http.get("/studio/studio.js").headers().firstValue("Content-Type"))
                    .hasValue("text/javascript; charset=utf-8");
            assertThat(http.get("/studio/nope.js").status()).isEqualTo(404);
            assertThat(http.get("/studio/..%2Fapplication.yaml").status()).isEqualTo(404);
            JsonNode doc = http.get("/api/openapi.json").json();
            doc.path("paths").fieldNames().forEachRemaining(p -> assertThat(p).doesNotStartWith("/studio"));
            assertThat(doc.path("paths").has("/api/metrics/history")).isTrue();
            assertThat(doc.path("paths").has("/api/token")).isTrue();
        }
    }

    /** No file refers to another origin: everything Studio loads comes from the server that served it. */
    @Test
    void filesLoadNothingFromTheInternet() throws Exception {
        Pattern external = Pattern.compile("(?i)(src|href)\\s*=\\s*\"(https?:)?//|url\\(\\s*['\"]?https?:|import\\s+.*https?:");
        try (var files = Files.list(Path.of("src/main/resources/studio"))) {
            for (Path f : files.toList()) {
                Matcher m = external.matcher(Files.readString(f));
                assertThat(m.find()).as(f + " refers to another origin").isFalse();
            }
        }
    }

    @Test
    void tokenRouteTellsTheRoleAndHistoryRouteCountsMessages(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            assertThat(http.get("/api/token", TestServers.READER).json().path("role").asText()).isEqualTo("reader");
            assertThat(http.get("/api/token", TestServers.ADMIN).json().path("role").asText()).isEqualTo("admin");
            assertThat(http.get("/api/token", TestServers.ADMIN).body()).doesNotContain(TestServers.ADMIN);
            assertThat(http.get("/api/token").status()).isEqualTo(401);
            assertThat(http.get("/api/metrics/history", null).status()).isEqualTo(401);

            JsonNode first = http.get("/api/metrics/history", TestServers.READER).json();
            assertThat(first.path("intervalSeconds").asInt()).isEqualTo(2);
            assertThat(first.path("thresholds").path("deadLetters").get(0).asDouble()).isEqualTo(100);
            long seq = first.path("samples").get(first.path("samples").size() - 1).path("seq").asLong();
            for (int i = 0; i < 20; i++) {
                http.post("/api/actors/counter/h" + i + "/messages", TestServers.WRITER,
                        "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
            }
            // Within a few samples the accepted and committed rates show the 20 messages, and turn latency appears.
            JsonNode moved = await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode samples = http.get("/api/metrics/history?after=" + seq, TestServers.READER).json().path("samples");
                double accepted = 0;
                double committed = 0;
                boolean latency = false;
                for (JsonNode s : samples) {
                    accepted += s.path("messagesPerSecond").path("accepted").asDouble() * 2;
                    committed += s.path("messagesPerSecond").path("committed").asDouble() * 2;
                    latency |= s.path("turnSeconds").has("p95");
                }
                return accepted >= 19.5 && committed >= 19.5 && latency ? samples : null;
            }, s -> s != null);
            assertThat(moved.get(0).path("seq").asLong()).isGreaterThan(seq);
            assertThat(http.get("/api/metrics/history?after=-1", TestServers.READER).status()).isEqualTo(400);
        }
    }
}
