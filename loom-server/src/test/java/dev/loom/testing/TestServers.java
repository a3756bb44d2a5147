package dev.loom.testing;

import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.server.LoomServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Starts real servers on random ports for tests. */
public final class TestServers {
    public static final String ADMIN = "admin-0123456789abcdef0123456789abcdef";
    public static final String WRITER = "writer-0123456789abcdef0123456789abcdef";
    public static final String READER = "reader-0123456789abcdef0123456789abcdef";

    private TestServers() {
    }

    /** The environment of a SQLite server in {@code dir} with admin, writer and reader tokens and a generous
     * per-client limit (the per-token limit is off by default). */
    public static Map<String, String> sqliteEnv(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("LOOM_STORE", "sqlite");
        env.put("LOOM_DATA_DIR", dir.toString());
        env.put("LOOM_HTTP_PORT", "0");
        env.put("LOG_LEVEL", "warn");
        env.put("LOOM_TOKENS", "admin:" + ADMIN + ",writer:" + WRITER + ",reader:" + READER);
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "100000");
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_BURST", "100000");
        env.put("LOOM_RUNTIME_LEASE_TTL", "3s");
        return env;
    }

    public static LoomServer sqlite(Path dir) {
        return start(sqliteEnv(dir));
    }

    public static LoomServer sqlite(Path dir, Map<String, String> overrides) {
        Map<String, String> env = sqliteEnv(dir);
        env.putAll(overrides);
        return start(env);
    }

    /**
     * A production SQLite server in {@code dir} running the example actors. A production server registers only the
     * actors it is given, so they are given through the builder, as an embedding application gives its own.
     */
    public static LoomServer production(Path dir, Map<String, String> overrides) {
        Map<String, String> env = sqliteEnv(dir);
        env.put("LOOM_ENV", "production");
        env.putAll(overrides);
        return LoomServer.builder().config(LoomConfig.load(Optional.empty(), env)).actors(new ExampleActors()).start();
    }

    public static LoomServer start(Path yaml, Map<String, String> env) {
        return LoomServer.start(LoomConfig.load(Optional.of(yaml), env));
    }

    public static LoomServer start(Map<String, String> env) {
        return LoomServer.start(LoomConfig.load(Optional.empty(), env));
    }
}
