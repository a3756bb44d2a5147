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
}
