package dev.loom.store.memory;

import dev.loom.spi.Store;
import dev.loom.spi.StoreCapabilities;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreSetting;
import dev.loom.spi.StoreSettings;
import java.util.List;

/** {@code store.type: memory}: an {@link InMemoryStore}, for development and tests. It takes no settings. */
public final class MemoryStoreProvider implements StoreProvider {
    /** The provider's name, the value of {@code store.type}. */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "process memory, lost at exit; development and tests only";
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.IN_PROCESS;
    }

    @Override
    public List<StoreSetting> settings() {
        return List.of();
    }

    @Override
    public StoreLocation location(StoreSettings settings, StoreContext context) {
        return new StoreLocation.InProcess();
    }

    @Override
    public Store open(StoreSettings settings, StoreContext context) {
        return new InMemoryStore(context.partitionsOrDefault());
    }
}
