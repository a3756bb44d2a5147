package dev.loom.store.sqlite;

import dev.loom.spi.Store;
import dev.loom.spi.StoreCapabilities;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProblem;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreSetting;
import dev.loom.spi.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code store.type: sqlite}: a {@link SqliteStore}, one file in WAL mode. Settings under {@code store.sqlite}:
 * {@code file} (default {@code <dataDir>/loom.db}) and {@code synchronous} ({@code full} or {@code normal}).
 */
public final class SqliteStoreProvider implements StoreProvider {
    /** The provider's name, the value of {@code store.type}. */
    public static final String NAME = "sqlite";
    /** The database file's name in the data directory when {@code file} is not set. */
    public static final String DEFAULT_FILE_NAME = "loom.db";
    /** Setting: the database file. */
    public static final String FILE = "file";
    /** Setting: {@link SynchronousMode}, in lower case. */
    public static final String SYNCHRONOUS = "synchronous";

    private static final List<StoreSetting> SETTINGS = List.of(
            StoreSetting.of(FILE, new StoreSetting.Type.FilePath(), "<dataDir>/" + DEFAULT_FILE_NAME,
                    "The SQLite database file; created with its directories if missing."),
            StoreSetting.of(SYNCHRONOUS, new StoreSetting.Type.Choice(
                            List.of(SynchronousMode.FULL.name(), SynchronousMode.NORMAL.name())), "full",
                    "full: every commit is synced to the disk; normal: a power loss may lose the last commits"
                            + " (the file stays consistent)."));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "one SQLite file in WAL mode; durable, one machine (processes on it may share the file)";
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.LOCAL_FILE;
    }

    @Override
    public List<StoreSetting> settings() {
        return SETTINGS;
    }

    @Override
    public List<StoreProblem> validate(StoreSettings settings) {
        return settings.path(FILE).filter(Files::isDirectory)
                .map(p -> List.of(new StoreProblem(FILE, p + " is a directory; name the database file in it, e.g. "
                        + p.resolve(DEFAULT_FILE_NAME))))
                .orElse(List.of());
    }

    @Override
    public StoreLocation location(StoreSettings settings, StoreContext context) {
        return new StoreLocation.File(file(settings, context));
    }

    @Override
    public Store open(StoreSettings settings, StoreContext context) {
        SynchronousMode synchronous = settings.text(SYNCHRONOUS)
                .map(s -> SynchronousMode.valueOf(s.toUpperCase(Locale.ROOT))).orElse(SynchronousMode.FULL);
        return SqliteStore.open(SqliteStoreOptions.at(file(settings, context))
                .withPartitions(context.partitionsOrDefault()).withSynchronous(synchronous));
    }

    private static Path file(StoreSettings settings, StoreContext context) {
        return settings.path(FILE).orElse(context.dataDir().resolve(DEFAULT_FILE_NAME));
    }
}
