package dev.loom.store.sqlite;

import dev.loom.spi.Store;
import dev.loom.tck.StoreTck;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store passes the whole TCK, reopen tests included, on real files. */
class SqliteStoreTckTest extends StoreTck {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;

    @Override
    protected Store newStore(int partitions) {
        return SqliteStore.open(SqliteStoreOptions.at(dir.resolve("tck-" + FILES.incrementAndGet() + ".db"))
                .withPartitions(partitions));
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected Store reopen(Store closed) {
        return SqliteStore.open(SqliteStoreOptions.at(((SqliteStore) closed).path()));
    }
}
