package dev.loom.client;

import dev.loom.config.LoomConfig;
import dev.loom.server.LoomServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real Loom server for the client's tests: SQLite in a directory, a random port, admin, writer and reader tokens. */
final class RealServer implements AutoCloseable {
    static final String ADMIN = "admin-client-test-0123456789abcdef01";
    static final String WRITER = "writer-client-test-0123456789abcdef0";
    static final String READER = "reader-client-test-0123456789abcdef0";

    private final LoomServer server;

    private RealServer(LoomServer server) {
        this.server = server;
    }

    static RealServer start(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("LOOM_STORE", "sqlite");
        env.put("LOOM_DATA_DIR", dir.toString());
        env.put("LOOM_HTTP_PORT", "0");
        env.put("LOG_LEVEL", "warn");
        env.put("LOOM_TOKENS", "admin:" + ADMIN + ",writer:" + WRITER + ",reader:" + READER);
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "100000");
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_BURST", "100000");
        env.put("LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "100000");
        env.put("LOOM_RATE_LIMITS_PER_TOKEN_BURST", "100000");
        // A failing deposit is retried only after seconds, so an ask of one cannot be answered within a short timeout.
        env.put("LOOM_ACTORS_ACCOUNT_RETRY_INITIAL_DELAY", "10s");
        env.put("LOOM_ACTORS_ACCOUNT_RETRY_MAX_DELAY", "60s");
        return new RealServer(LoomServer.start(LoomConfig.load(Optional.empty(), env)));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    int port() {
        return server.port();
    }

    LoomClient client(String token) {
        return LoomClient.builder().baseUrl(url()).token(token).requestTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
