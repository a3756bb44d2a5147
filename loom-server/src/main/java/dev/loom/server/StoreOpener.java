package dev.loom.server;

import dev.loom.config.StoreConfig;
import dev.loom.spi.Store;
import dev.loom.store.memory.InMemoryStore;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;

/** Opens the configured store. */
final class StoreOpener {
    private StoreOpener() {
    }

    /**
     * @throws dev.loom.spi.StoreException if the store cannot be opened (unwritable directory, corrupt file, ...)
     */
    static Store open(StoreConfig config) {
        return switch (config.kind()) {
            case MEMORY -> new InMemoryStore();
            case SQLITE -> SqliteStore.open(SqliteStoreOptions.at(config.sqliteFile()));
        };
    }
}
