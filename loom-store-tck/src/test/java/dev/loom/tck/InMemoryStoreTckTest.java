package dev.loom.tck;

import dev.loom.spi.Store;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSettings;
import dev.loom.store.memory.MemoryStoreProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * The in-memory store, opened through its {@link StoreProvider} as the server opens it, passes the whole TCK
 * (its reopen and shared-handle tests are skipped: it declares neither capability).
 */
class InMemoryStoreTckTest extends StoreTck {
    private static final StoreProvider PROVIDER = StoreProviders.discover().require(MemoryStoreProvider.NAME);

    @Override
    protected Store newStore(TestIsolation isolation) {
        return PROVIDER.open(StoreSettings.none(PROVIDER.name()),
                StoreContext.of(Path.of("unused")).withPartitions(isolation.partitions()));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return TckCapability.of(PROVIDER.capabilities());
    }
}
