package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With zero thresholds every endpoint that served a request in the window is reported, with its figures. */
class SlowEndpointThresholdTest {
    @Test
    void configuredThresholdsSelectEndpoints(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_SLOW_ENDPOINTS_P95_MS", "0",
                "LOOM_SLOW_ENDPOINTS_P99_MS", "0"))) {
            Http http = new Http(server.port());
            for (int i = 0; i < 5; i++) {
                http.get("/health/live");
            }
            JsonNode slow = http.get("/api/admin/performance/slow", TestServers.ADMIN).json();
            assertThat(slow.path("window").asText()).isEqualTo("PT5M");
            JsonNode live = null;
            for (JsonNode e : slow.path("endpoints")) {
                if (e.path("route").asText().equals("/health/live")) {
                    live = e;
                }
            }
            assertThat(live).as(slow.toString()).isNotNull();
            assertThat(live.path("method").asText()).isEqualTo("GET");
            assertThat(live.path("count").asInt()).isEqualTo(5);
            assertThat(live.path("maxMs").asDouble()).isGreaterThanOrEqualTo(live.path("p99Ms").asDouble());
            assertThat(live.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(live.path("p50Ms").asDouble());
        }
    }
}
