package dev.loom.cli.store;

import dev.loom.spi.Store;
import dev.loom.store.memory.InMemoryStore;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import dev.loom.store.sqlite.SynchronousMode;
import java.nio.file.Path;

/** Opens the store an in-process command runs on. */
public final class Stores {
    private Stores() {
    }

    /**
     * @param file the SQLite database file (created with its directories if missing); ignored for memory
     * @throws dev.loom.spi.StoreException if the SQLite file cannot be opened; the message says why
     */
    public static Store open(StoreKind kind, Path file) {
        return open(kind, file, SynchronousMode.FULL);
    }

    /** As {@link #open(StoreKind, Path)}, with the given SQLite durability. */
    public static Store open(StoreKind kind, Path file, SynchronousMode synchronous) {
        return switch (kind) {
            case sqlite -> SqliteStore.open(SqliteStoreOptions.at(file).withSynchronous(synchronous));
            case memory -> new InMemoryStore();
        };
    }
}
