package dev.loom.cli.store;

/** The stores an in-process Loom can run on from the CLI. */
public enum StoreKind {
    /** The embedded default: one SQLite file, durable. */
    sqlite,
    /** Process memory: nothing survives; for comparisons only. */
    memory
}
