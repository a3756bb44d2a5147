package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document lists exactly the routes the server answers: every documented operation is routed
 * (not 404/405) and every route of the contract is documented.
 */
class OpenApiTest {
    static final Set<String> CONTRACT = Set.of(
            "GET /health", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /metrics/circuit-breakers",
            "GET /api/actor-types", "POST /api/actors/{type}/{id}/messages", "POST /api/actors/{type}/{id}/ask",
            "GET /api/actors/{type}/{id}/state", "GET /api/actors/{type}/{id}/journal", "GET /api/actors/{type}/{id}/replay",
            "GET /api/actors/{type}", "GET /api/admin/dead-letters", "GET /api/admin/dead-letters/{id}",
            "POST /api/admin/dead-letters/redrive", "POST /api/admin/dead-letters/purge",
            "DELETE /api/admin/dead-letters/{id}", "GET /api/admin/queues", "GET /api/admin/circuit-breakers",
            "POST /api/admin/circuit-breakers/{name}/reset", "GET /api/admin/cache/stats", "POST /api/admin/cache/clear",
            "POST /api/admin/cache/warm", "GET /api/admin/performance/slow", "POST /api/admin/actors/{type}/{id}/snapshot",
            "POST /api/admin/actors/{type}/{id}/trim", "GET /api/admin/partitions", "GET /api/admin/info",
            "GET /api/admin/backup/export", "POST /api/admin/backup/import", "GET /api/metrics/history", "GET /api/token",
            "GET /api/openapi.json", "GET /api/admin/traces", "GET /api/admin/traces/{id}", "POST /api/admin/traces/cleanup",
            "GET /api/actor-types/{type}/message-types", "GET /api/admin/actors/{type}/{id}/timers",
            "POST /api/events/tickets", "GET /api/events/stream",
            "POST /api/pipelines", "GET /api/pipelines", "GET /api/pipelines/{name}", "POST /api/pipelines/{name}/runs",
            "POST /api/pipelines/{name}/pause", "POST /api/pipelines/{name}/resume", "GET /api/pipeline-runs",
            "GET /api/pipeline-runs/{id}", "GET /api/pipeline-runs/{id}/timeline", "POST /api/pipeline-runs/{id}/cancel",
            "POST /api/pipeline-runs/{id}/pause", "POST /api/pipeline-runs/{id}/resume",
            "POST /api/pipeline-runs/{id}/redrive", "POST /api/pipeline-runs/{id}/stages/{stage}/approve",
            "POST /api/pipeline-runs/{id}/stages/{stage}/reject", "GET /api/pipeline-runs/{id}/dead-letters");

    @Test
    void documentMatchesTheRoutesBothWays(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            JsonNode doc = http.get("/api/openapi.json").json();
            assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
            Set<String> documented = new HashSet<>();
            for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                for (Iterator<String> ms = doc.path("paths").path(path).fieldNames(); ms.hasNext(); ) {
                    String method = ms.next().toUpperCase(Locale.ROOT);
                    documented.add(method + " " + path);
                    String concrete = path.replace("{type}", "counter").replace("{id}", "x1").replace("{name}", "store")
                            .replace("{stage}", "review");
                    Http.Response r = http.send(method, concrete, TestServers.ADMIN, method.equals("GET") || method.equals("DELETE")
                            ? null : "{}", java.util.Map.of());
                    assertThat(r.status()).as(method + " " + concrete + " is routed: " + r.body()).isNotIn(405);
                    if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                        assertThat(r.json().path("message").asText()).as(method + " " + concrete).doesNotStartWith("no route");
                    }
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(CONTRACT);
            JsonNode send = doc.path("paths").path("/api/actors/{type}/{id}/messages").path("post");
            assertThat(send.path("x-loom-role").asText()).isEqualTo("writer");
            List<String> params = new ArrayList<>();
            send.path("parameters").forEach(p -> params.add(p.path("in").asText() + " " + p.path("name").asText()));
            assertThat(params).containsExactly("path type", "path id", "header Idempotency-Key", "header traceparent");
        }
    }
}
