package dev.loom.cli.bench;

import dev.loom.cli.store.StoreKind;
import dev.loom.cli.store.Stores;
import dev.loom.spi.Store;
import dev.loom.store.sqlite.SynchronousMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which store a benchmark runs on, and where its file goes. */
public final class BenchStoreOptions {
    @Option(names = "--store", paramLabel = "KIND", defaultValue = "sqlite",
            description = "Store to run on: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    StoreKind kind;

    @Option(names = "--file", paramLabel = "FILE",
            description = "SQLite database file (default: a new file in a temporary directory, deleted afterwards).")
    Path file;

    /** An opened store (SQLite syncing every commit); closing the handle closes it and deletes a temporary file. */
    BenchStore open() {
        return open(SynchronousMode.FULL);
    }

    /** As {@link #open()}, with the given SQLite durability. */
    BenchStore open(SynchronousMode synchronous) {
        Path dir = null;
        Path path = file;
        if (kind == StoreKind.sqlite && path == null) {
            try {
                dir = Files.createTempDirectory("loom-bench");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the benchmark's database", e);
            }
            path = dir.resolve("bench.db");
        }
        return new BenchStore(Stores.open(kind, path, synchronous), kind, dir);
    }

    /** A benchmark's store and the temporary directory to remove after it, if any. */
    record BenchStore(Store store, StoreKind kind, Path temporaryDir) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            if (temporaryDir != null) {
                try (var files = Files.walk(temporaryDir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the benchmark's temporary database in " + temporaryDir, e);
                }
            }
        }
    }
}
