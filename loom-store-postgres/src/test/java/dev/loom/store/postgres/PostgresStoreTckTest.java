package dev.loom.store.postgres;

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

/**
 * The PostgreSQL store, opened through its {@link StoreProvider} as the server opens it, passes the whole TCK
 * against a real PostgreSQL 17: one server for the JVM, a fresh schema per isolation namespace (dropped after the
 * test), reopened and shared by opening the schema again.
 */
class PostgresStoreTckTest extends StoreTck {
    private static final StoreProvider PROVIDER = StoreProviders.discover().require(PostgresStoreProvider.NAME);

    @Override
    protected Store newStore(TestIsolation isolation) {
        TestPostgres pg = TestPostgres.get();
        StoreSettings settings = StoreSettings.none(PROVIDER.name())
                .with(PROVIDER, PostgresStoreProvider.URL, pg.url())
                .with(PROVIDER, PostgresStoreProvider.USER, TestPostgres.USER)
                .with(PROVIDER, PostgresStoreProvider.PASSWORD, TestPostgres.PASSWORD)
                .with(PROVIDER, PostgresStoreProvider.POOL_SIZE, 4)
                .with(PROVIDER, PostgresStoreProvider.SCHEMA, isolation.namespace());
        return PROVIDER.open(settings, StoreContext.of(Path.of(".")).withPartitions(isolation.partitions()));
    }

    @Override
    protected void discard(TestIsolation isolation) {
        TestPostgres.get().dropSchema(isolation.namespace());
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return TckCapability.of(PROVIDER.capabilities());
    }

    @Override
    protected Store reopen(Store closed) {
        return PostgresStore.open(((PostgresStore) closed).options());
    }

    @Override
    protected Store openShared(Store open) {
        return PostgresStore.open(((PostgresStore) open).options());
    }
}
