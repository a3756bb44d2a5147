package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.spi.Store;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSettings;
import dev.loom.spi.UnknownStoreException;
import dev.loom.store.sqlite.SqliteStoreProvider;
import dev.loom.store.sqlite.SynchronousMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Which store a benchmark runs on, and where its file goes. Unlike the other commands, a benchmark does not open
 * the configured store: it writes hundreds of thousands of throw-away turns, which belong in a temporary directory,
 * not in the data directory of a real installation.
 */
public final class BenchStoreOptions {
    @Option(names = "--store", paramLabel = "NAME", defaultValue = "sqlite",
            description = "Store to run on: the name of a store provider on the class path, such as sqlite or memory"
                    + " (default ${DEFAULT-VALUE}). The benchmark never uses the configured data directory.")
    String kind;

    @Option(names = "--file", paramLabel = "FILE",
            description = "SQLite database file (default: a new file in a temporary directory, deleted afterwards).")
    Path file;

    /** An opened store (SQLite syncing every commit); closing the handle closes it and deletes a temporary file. */
    BenchStore open(PrintWriter err) {
        return open(SynchronousMode.FULL, err);
    }

    /**
     * As {@link #open(PrintWriter)}, with the given SQLite durability; says on {@code err} which store it opened.
     *
     * @throws CliException if no provider has the name given with {@code --store}, or {@code --file} is given for
     *                      another store than SQLite
     */
    BenchStore open(SynchronousMode synchronous, PrintWriter err) {
        StoreProvider provider;
        try {
            provider = StoreProviders.discover().require(kind);
        } catch (UnknownStoreException e) {
            throw new CliException("--store: " + e.getMessage(), ExitCode.USAGE, e);
        }
        boolean sqlite = provider.name().equals(SqliteStoreProvider.NAME);
        if (file != null && !sqlite) {
            throw new CliException("--file names a SQLite database; it does not go with --store " + kind, ExitCode.USAGE);
        }
        Path dir = null;
        if (file == null) {
            try {
                dir = Files.createTempDirectory("loom-bench");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the benchmark's database", e);
            }
        }
        StoreSettings settings = StoreSettings.none(provider.name());
        if (sqlite) {
            settings = settings.with(provider, SqliteStoreProvider.FILE, file != null ? file : dir.resolve("bench.db"))
                    .with(provider, SqliteStoreProvider.SYNCHRONOUS, synchronous.name().toLowerCase(Locale.ROOT));
        }
        StoreContext context = StoreContext.of(dir != null ? dir : file.toAbsolutePath().getParent());
        Store store = provider.open(settings, context);
        StoreLocation location = provider.location(settings, context);
        err.println("loom: benchmark on the " + provider.name() + " store at " + location.describe());
        err.flush();
        return new BenchStore(store, provider.name(), dir);
    }

    /** A benchmark's store and the temporary directory to remove after it, if any. */
    record BenchStore(Store store, String kind, Path temporaryDir) implements AutoCloseable {
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
