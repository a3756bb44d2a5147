package dev.loom.http;

import static dev.loom.http.ActorApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens, roles, scopes, token files, open development mode and rate limits, over real HTTP. */
class AuthTest {
    static final String INCREMENT = "{\"type\":\"Increment\",\"payload\":{\"by\":1}}";

    @Test
    void rolesDecideWhatATokenMayDo(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(http.get("/metrics").status()).isEqualTo(200);
            assertError(http.get("/api/actor-types"), 401, "unauthorized");
            assertError(http.get("/api/actor-types", "not-a-token"), 401, "unauthorized");
            assertError(http.send("GET", "/api/actor-types", null, null, Map.of("Authorization", "Basic YWxhZGRpbjpvcGVu")),
                    401, "unauthorized");
            assertThat(http.get("/api/actor-types", TestServers.READER).status()).isEqualTo(200);
            assertError(http.post("/api/actors/counter/r1/messages", TestServers.READER, INCREMENT), 403, "forbidden");
            assertThat(http.post("/api/actors/counter/r1/messages", TestServers.WRITER, INCREMENT).status()).isEqualTo(202);
            assertError(http.get("/api/admin/queues", TestServers.WRITER), 403, "forbidden");
            assertThat(http.get("/api/admin/queues", TestServers.ADMIN).status()).isEqualTo(200);
            assertThat(http.post("/api/actors/counter/r1/messages", TestServers.ADMIN, INCREMENT).status()).isEqualTo(202);
        }
    }

    @Test
    void scopedTokensReachOnlyTheirActorsAndFileTokensRotate(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, "first-admin-token-0123456789abcdef01\n");
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                tokens:
                  - token: scoped-writer-0123456789abcdef0123456789
                    role: writer
                    scope:
                      actorTypes: [counter]
                      idPrefix: "t1-"
                  - token: "file:%s"
                    role: admin
                """.formatted(tokenFile));
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.remove("LOOM_TOKENS");
        try (LoomServer server = TestServers.start(yaml, env)) {
            Http http = new Http(server.port());
            String scoped = "scoped-writer-0123456789abcdef0123456789";
            assertThat(http.post("/api/actors/counter/t1-a/messages", scoped, INCREMENT).status()).isEqualTo(202);
            assertError(http.post("/api/actors/counter/t2-a/messages", scoped, INCREMENT), 403, "forbidden");
            assertError(http.post("/api/actors/account/t1-a/messages", scoped, "{\"type\":\"GetBalance\"}"), 403,
                    "forbidden");
            assertThat(http.get("/api/actor-types", scoped).json().path("actorTypes").findValuesAsText("name"))
                    .containsExactly("counter");

            assertThat(http.get("/api/admin/info", "first-admin-token-0123456789abcdef01").status()).isEqualTo(200);
            Files.writeString(tokenFile, "second-admin-token-0123456789abcdef0123\n");
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> http.get("/api/admin/info", "second-admin-token-0123456789abcdef0123").status() == 200);
            assertError(http.get("/api/admin/info", "first-admin-token-0123456789abcdef01"), 401, "unauthorized");
            assertThat(http.get("/api/admin/info", "second-admin-token-0123456789abcdef0123").body())
                    .contains("file:" + tokenFile).doesNotContain("second-admin-token");
        }
    }

    @Test
    void developmentWithoutTokensIsNotOpenButGeneratesAnAdminTokenFile(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.remove("LOOM_TOKENS");
        String token;
        try (LoomServer server = TestServers.start(env)) {
            Http http = new Http(server.port());
            assertError(http.get("/api/admin/info"), 401, "unauthorized");
            assertError(http.post("/api/actors/counter/o1/messages", null, INCREMENT), 401, "unauthorized");
            Path file = Path.of(env.get("LOOM_DATA_DIR")).resolve("admin.token");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            token = Files.readString(file).strip();
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);
            assertThat(http.get("/api/admin/info", token).status()).isEqualTo(200);
            assertThat(http.post("/api/actors/counter/o1/messages", token, INCREMENT).status()).isEqualTo(202);
        }
        try (LoomServer again = TestServers.start(env)) {
            assertThat(new Http(again.port()).get("/api/admin/info", token).status())
                    .as("a restart keeps the same token").isEqualTo(200);
        }
    }

    @Test
    void thePerClientLimitAppliesToAnonymousRequestsAndFailedAuthenticationOnly(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir, Map.of(
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0.5", "LOOM_RATE_LIMITS_PER_CLIENT_BURST", "3"))) {
            Http http = new Http(server.port());
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/api/openapi.json").status()).isEqualTo(200);
            }
            Http.Response limited = http.get("/metrics");
            assertError(limited, 429, "rate_limited");
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            assertError(http.get("/api/actor-types", "a-guessed-token"), 429, "rate_limited");
            assertError(http.get("/api/actor-types"), 429, "rate_limited");
            for (int i = 0; i < 20; i++) {
                assertThat(http.get("/api/actor-types", TestServers.READER).status())
                        .as("an authenticated caller is not held to its address's limit").isEqualTo(200);
            }
            assertThat(http.get("/health/ready").status()).as("probes are not limited").isEqualTo(200);
        }
    }

    @Test
    void theDefaultsLetATokenBurstFreelyAndStillLimitAnonymousCallers(@TempDir Path dir) {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.keySet().removeIf(k -> k.startsWith("LOOM_RATE_LIMITS_"));
        try (LoomServer server = TestServers.start(env)) {
            Http http = new Http(server.port());
            for (int i = 0; i < 500; i++) {
                Http.Response r = http.get("/api/actor-types", TestServers.READER);
                assertThat(r.status()).as("request %d with a token: %s", i, r.body()).isEqualTo(200);
            }
            int limited = 0;
            for (int i = 0; i < 400; i++) {
                if (http.get("/api/actor-types").status() == 429) {
                    limited++;
                }
            }
            assertThat(limited).as("requests without a token beyond the default burst of 200 (100/s)").isPositive();
        }
    }

    @Test
    void aConfiguredPerTokenLimitAnswers429WithRetryAfter(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir, Map.of(
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "0.5", "LOOM_RATE_LIMITS_PER_TOKEN_BURST", "2"))) {
            Http http = new Http(server.port());
            assertThat(http.get("/api/actor-types", TestServers.READER).status()).isEqualTo(200);
            assertThat(http.get("/api/actor-types", TestServers.READER).status()).isEqualTo(200);
            Http.Response limited = http.get("/api/actor-types", TestServers.READER);
            assertError(limited, 429, "rate_limited");
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            assertThat(http.get("/api/actor-types", TestServers.WRITER).status()).as("another token").isEqualTo(200);
        }
    }
}
