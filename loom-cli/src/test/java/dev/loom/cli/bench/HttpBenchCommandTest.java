package dev.loom.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.config.LoomConfig;
import dev.loom.json.Json;
import dev.loom.server.LoomServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loom bench http} against a real server: its counts agree with what the server applied. */
class HttpBenchCommandTest {
    private static final String ADMIN = "admin-bench-test-0123456789abcdef0123";

    @TempDir
    static Path dir;
    static LoomServer server;
    static String url;

    @BeforeAll
    static void start() {
        server = LoomServer.start(LoomConfig.load(Optional.empty(), Map.of(
                "LOOM_STORE", "sqlite", "LOOM_DATA_DIR", dir.toString(), "LOOM_HTTP_PORT", "0", "LOG_LEVEL", "warn",
                "LOOM_TOKENS", "admin:" + ADMIN)));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CliRun admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", ADMIN));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode adminJson(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CliRun run = admin(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.parse(run.out());
    }

    @Test
    void benchHttpLoadsTheServerAndEveryAcceptedSendIsApplied() {
        JsonNode sends = adminJson("bench", "http", "--connections", "4", "--duration", "1s", "--warmup", "0s",
                "--actors", "1", "--actor-type", "counter");
        assertThat(sends.path("errors").asLong()).as(sends.toString()).isZero();
        long accepted = sends.path("ok").asLong();
        assertThat(accepted).isPositive().isEqualTo(sends.path("requests").asLong());
        assertThat(sends.path("p99_ms").asDouble()).isPositive();
        // Every 202 was an Increment by 1 of counter/b-0: its value is the count of accepted sends, no more, no less.
        JsonNode value = adminJson("ask", "counter/b-0", "Get", "--timeout", "20s");
        assertThat(value.path("reply").asLong()).isEqualTo(accepted);

        JsonNode paced = adminJson("bench", "http", "--mode", "ask", "--message", "{\"type\":\"Get\"}", "--rate", "50",
                "--connections", "5", "--duration", "1s", "--warmup", "0s", "--actors", "3");
        assertThat(paced.path("errors").asLong()).as(paced.toString()).isZero();
        // The schedule, not the server's speed, decides how many paced requests are sent: 50/s for 1 s.
        assertThat(paced.path("requests").asLong()).isBetween(45L, 55L);

        CliRun bad = admin("bench", "http", "--mode", "both");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--mode must be send or ask");
    }
}
