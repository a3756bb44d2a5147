package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loom.testing.ChildServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With LOG_FORMAT=json every log line on standard output is a JSON object, and no token value ever reaches the logs, even at debug. */
class JsonLogsTest {
    static final String WRONG_TOKEN = "wrong-token-that-must-never-be-logged-7f3a9c";

    @Test
    void logsAreJsonAndFreeOfTokens(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.put("LOG_FORMAT", "json");
        env.put("LOG_LEVEL", "debug");
        List<String> lines = new ArrayList<>();
        List<String> stdout = new ArrayList<>();
        try (ChildServer child = ChildServer.start(env)) {
            Http http = new Http(child.port());
            assertThat(http.get("/api/admin/info", TestServers.ADMIN).status()).isEqualTo(200);
            assertThat(http.get("/api/admin/info", WRONG_TOKEN).status()).isEqualTo(401);
            assertThat(http.get("/api/actor-types", TestServers.READER).status()).isEqualTo(200);
            assertThat(http.post("/api/actors/counter/j1/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":1}}").status()).isEqualTo(202);
            assertThat(http.post("/api/actors/counter/j1/ask?timeout=100ms", TestServers.WRITER,
                    "{\"type\":\"Get\",\"delay\":\"PT1M\"}").status()).isEqualTo(504);
            child.terminate();
            assertThat(child.awaitExit(60)).isZero();
            stdout.addAll(child.stdout());
            lines.addAll(child.stdout());
            lines.addAll(child.stderr());
            assertThat(child.stderr()).as("Helidon's java.util.logging goes through the JSON log too")
                    .noneMatch(l -> l.contains("io.helidon"));
        }
        ObjectMapper json = new ObjectMapper();
        List<String> logLines = stdout.stream().filter(l -> !l.startsWith("PORT=") && !l.startsWith("<stream closed")).toList();
        assertThat(logLines).as("the server logged while starting, serving and draining").hasSizeGreaterThan(3);
        for (String line : logLines) {
            JsonNode n = json.readTree(line);
            assertThat(n.path("level").asText()).as(line).isNotBlank();
            assertThat(n.has("message")).as(line).isTrue();
        }
        assertThat(String.join("\n", lines)).contains("ask_timeout")
                .doesNotContain(TestServers.ADMIN, TestServers.WRITER, TestServers.READER, WRONG_TOKEN);
    }

    /**
     * A turn's log lines carry the trace and span ids of the turn, in the trace of the request's traceparent, so logs
     * join traces; tracing itself is off here (no OTEL_* variables), the ids come from the message's traceparent.
     */
    @Test
    void turnLogLinesCarryTheTraceOfTheMessage(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.put("LOG_FORMAT", "json");
        env.put("LOOM_EXAMPLES_EMAIL_FAILURE_RATE", "1.0");
        env.put("LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "1");
        String trace = "5bf92f3577b34da6a3ce929d0e0e4737";
        List<String> stdout = new ArrayList<>();
        try (ChildServer child = ChildServer.start(env)) {
            Http http = new Http(child.port());
            assertThat(http.send("POST", "/api/actors/email-sender/traced/messages", TestServers.WRITER,
                    "{\"type\":\"SendEmail\",\"payload\":{\"to\":\"a@example.com\",\"subject\":\"s\"}}",
                    Map.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")).status()).isEqualTo(202);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> http.get("/api/admin/dead-letters?limit=1", TestServers.ADMIN).json().path("total").asLong() == 1);
            child.terminate();
            assertThat(child.awaitExit(60)).isZero();
            stdout.addAll(child.stdout());
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> deadLettered = new ArrayList<>();
        for (String line : stdout) {
            if (line.startsWith("{") && line.contains("dead-lettered")) {
                deadLettered.add(json.readTree(line));
            }
        }
        assertThat(deadLettered).hasSize(1);
        assertThat(deadLettered.getFirst().path("trace_id").asText()).isEqualTo(trace);
        assertThat(deadLettered.getFirst().path("span_id").asText()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
    }
}
