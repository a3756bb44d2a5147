package dev.loom.config;

import java.nio.file.Path;

/**
 * Which store to open and where.
 *
 * @param kind    the engine
 * @param dataDir directory of the store's files (the SQLite file is {@code dataDir/loom.db})
 */
public record StoreConfig(StoreKind kind, Path dataDir) {
    /** The SQLite database file. */
    public Path sqliteFile() {
        return dataDir.resolve("loom.db");
    }
}
