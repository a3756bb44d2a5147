package dev.loom.config;

/** The storage engine the server runs on. */
public enum StoreKind {
    /** In-process, lost at exit: development and tests only. */
    MEMORY,
    /** One SQLite file in the data directory. */
    SQLITE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
