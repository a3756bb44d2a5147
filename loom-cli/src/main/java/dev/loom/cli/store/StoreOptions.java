package dev.loom.cli.store;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.LoomCommand;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import dev.loom.config.StoreConfig;
import dev.loom.spi.Store;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSettings;
import dev.loom.store.sqlite.SqliteStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Which store a command opens in-process: the server's configuration (the YAML file, then the environment, as
 * {@code loom server} reads it; only {@code env} and {@code store} matter here), then the flags, which override it.
 * Every command that opens a store says on standard error which store and file it opened.
 *
 * <p>Methods take the spec of the command being run: this mixin is also nested in other mixins
 * ({@code SourceOptions}, {@code BackupTarget}), whose own spec is not attached to the command line, so it could
 * not find the environment the command line was created with.
 */
public final class StoreOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "The server's YAML configuration, for its store settings (default: $LOOM_CONFIG, else none;"
                    + " LOOM_STORE, LOOM_DATA_DIR and the other LOOM_STORE_* variables apply either way).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The data directory, overriding store.dataDir and $LOOM_DATA_DIR (default ./data);"
                    + " the SQLite database is DIR/loom.db.")
    Path dataDir;

    @Option(names = "--db", paramLabel = "FILE",
            description = "A SQLite database file, overriding the configured store (store.type sqlite with"
                    + " store.sqlite.file FILE).")
    Path db;

    /**
     * The store configuration after the flags.
     *
     * @throws CliException listing every problem of the configuration
     */
    public StoreConfig resolve(CommandSpec command) {
        Map<String, String> env = LoomCommand.environment(command);
        Optional<Path> file = config != null ? Optional.of(config)
                : Optional.ofNullable(env.get("LOOM_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
        StoreConfig store;
        try {
            store = LoomConfig.loadStore(file, env);
        } catch (ConfigException e) {
            throw new CliException("the store configuration from " + file.map(f -> f + " and the environment")
                    .orElse("the environment") + " is invalid:\n  - " + String.join("\n  - ", e.problems()),
                    ExitCode.FAILURE, e);
        }
        if (dataDir != null) {
            store = store.withDataDir(dataDir);
        }
        if (db != null) {
            StoreProvider sqlite = StoreProviders.discover().require(SqliteStoreProvider.NAME);
            store = store.withStore(sqlite, StoreSettings.none(sqlite.name()).with(sqlite, SqliteStoreProvider.FILE, db));
        }
        return store;
    }

    /** Whether a flag chose the store or its directory (then hints for later commands repeat it). */
    public boolean overridden() {
        return dataDir != null || db != null;
    }

    /**
     * Opens {@code store}, creating it if it does not exist, and says so on standard error.
     *
     * @throws dev.loom.spi.StoreException if it cannot be opened
     */
    public Store open(CommandSpec command, StoreConfig store) {
        Store opened = store.open();
        announce(command, store);
        return opened;
    }

    /**
     * Opens the configured store for reading what is already there: refuses a store that is not durable (it
     * would be empty) and a database file that does not exist (opening would create an empty one).
     *
     * @throws CliException naming the store and how to choose another
     */
    public Store openExisting(CommandSpec command) {
        StoreConfig store = resolve(command);
        requireDurable(store);
        if (store.location() instanceof StoreLocation.File f && !Files.isRegularFile(f.path())) {
            throw new CliException("no Loom database at " + f.path() + " (the " + store.kind() + " store of the"
                    + " configuration); give another with --db FILE or --data-dir DIR, or set LOOM_DATA_DIR or"
                    + " store.dataDir as for the server (the demo writes ./data/loom.db)", ExitCode.FAILURE);
        }
        return open(command, store);
    }

    /**
     * @throws CliException if the store keeps nothing outside the process that opened it
     */
    public static void requireDurable(StoreConfig store) {
        if (!store.provider().capabilities().durable()) {
            throw new CliException("the " + store.kind() + " store keeps nothing between processes, so there is"
                    + " nothing to read or restore into; choose a durable store with store.type (LOOM_STORE) or --db FILE",
                    ExitCode.FAILURE);
        }
    }

    /** Says on standard error which store was opened and where. */
    public void announce(CommandSpec command, StoreConfig store) {
        var err = command.commandLine().getErr();
        err.println("loom: opened the " + store.kind() + " store at " + store.location().describe());
        err.flush();
    }
}
