package dev.loom.config;

import dev.loom.spi.SecretResolver;
import dev.loom.spi.Store;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which store to open and how: the provider {@code store.type} selects, its settings ({@code store.<type>.*}) and
 * the node's data directory. The server and every CLI command that opens a store open it through this record,
 * so they all open the same store for the same configuration.
 *
 * @param provider   the provider {@code store.type} names
 * @param dataDir    the node's data directory ({@code store.dataDir}; the SQLite file defaults to {@code dataDir/loom.db})
 * @param settings   the provider's type-checked settings
 * @param production whether {@code env} is production (told to the provider)
 */
public record StoreConfig(StoreProvider provider, Path dataDir, StoreSettings settings, boolean production) {
    public StoreConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(settings, "settings");
        if (!settings.provider().equals(provider.name())) {
            throw new IllegalArgumentException("settings of store " + settings.provider() + " given to " + provider.name());
        }
    }

    /** The value of {@code store.type}. */
    public String kind() {
        return provider.name();
    }

    /** What the provider is told besides its settings; {@code file:} secrets are read as token files are. */
    public StoreContext context() {
        SecretResolver secrets = configured -> {
            SecretRef ref = SecretRef.parse(configured);
            try {
                return SecretFiles.read(ref);
            } catch (IOException e) {
                throw new StoreException("cannot read the secret file " + ref.redacted() + ": " + e.getMessage(), e);
            }
        };
        return new StoreContext(dataDir, production, secrets, OptionalInt.empty());
    }

    /** Where the store keeps its data (nothing is opened). */
    public StoreLocation location() {
        return provider.location(settings, context());
    }

    /**
     * Opens the store.
     *
     * @throws StoreException if it cannot be opened (unwritable directory, corrupt file, unreachable server, ...)
     */
    public Store open() {
        return provider.open(settings, context());
    }

    /**
     * Opens the store; if this open creates it, with {@code partitions} partitions (a restored backup keeps its
     * partition count).
     */
    public Store open(int partitions) {
        return provider.open(settings, context().withPartitions(partitions));
    }

    /** This configuration with another data directory (a command-line flag overriding the configured one). */
    public StoreConfig withDataDir(Path dir) {
        return new StoreConfig(provider, dir, settings, production);
    }

    /**
     * This configuration on another provider with the given settings (a flag such as {@code --db FILE} that
     * names a store of its own).
     */
    public StoreConfig withStore(StoreProvider other, StoreSettings otherSettings) {
        return new StoreConfig(other, dataDir, otherSettings, production);
    }
}
