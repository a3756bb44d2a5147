package dev.loom.store.sqlite;

import dev.loom.spi.Store;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSettings;
import dev.loom.tck.StoreTck;
import dev.loom.tck.TckCapability;
import dev.loom.tck.TestIsolation;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store, opened through its {@link StoreProvider} as the server opens it, passes the whole TCK on
 * real files: one file per isolation namespace, reopened and shared by opening the file again.
 */
class SqliteStoreTckTest extends StoreTck {
    private static final StoreProvider PROVIDER = StoreProviders.discover().require(SqliteStoreProvider.NAME);

    @TempDir
    static Path dir;

    @Override
    protected Store newStore(TestIsolation isolation) {
        StoreSettings settings = StoreSettings.none(PROVIDER.name())
                .with(PROVIDER, SqliteStoreProvider.FILE, dir.resolve(isolation.namespace() + ".db"));
        return PROVIDER.open(settings, StoreContext.of(dir).withPartitions(isolation.partitions()));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return TckCapability.of(PROVIDER.capabilities());
    }

    @Override
    protected Store reopen(Store closed) {
        return SqliteStore.open(SqliteStoreOptions.at(((SqliteStore) closed).path()));
    }

    @Override
    protected Store openShared(Store open) {
        return SqliteStore.open(SqliteStoreOptions.at(((SqliteStore) open).path()));
    }
}
