package dev.loom.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a {@link StoreProvider} is told besides its own settings when it opens a store.
 *
 * @param dataDir    the node's data directory ({@code store.dataDir}, {@code LOOM_DATA_DIR}); a file-based store
 *                   keeps its files there unless a setting of its own says otherwise
 * @param production whether the node runs with {@code env: production} (a provider may refuse unsafe settings)
 * @param secrets    resolves secret settings ({@code file:/path} values)
 * @param partitions the partition count of a store this open creates; empty for the provider's default (64). An
 *                   existing store keeps its own count (actor ids hash to partitions)
 */
public record StoreContext(Path dataDir, boolean production, SecretResolver secrets, OptionalInt partitions) {
    /** Partitions of a new store when the context gives none. */
    public static final int DEFAULT_PARTITIONS = 64;

    public StoreContext {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(partitions, "partitions");
        partitions.ifPresent(p -> {
            if (p < 1 || p > 65_536) {
                throw new IllegalArgumentException("partitions must be 1..65536: " + p);
            }
        });
    }

    /** A development context over {@code dataDir}: {@code file:} secrets, default partitions. */
    public static StoreContext of(Path dataDir) {
        return new StoreContext(dataDir, false, SecretResolver.files(), OptionalInt.empty());
    }

    /** This context creating new stores with {@code count} partitions. */
    public StoreContext withPartitions(int count) {
        return new StoreContext(dataDir, production, secrets, OptionalInt.of(count));
    }

    /** The partition count for a store this open creates. */
    public int partitionsOrDefault() {
        return partitions.orElse(DEFAULT_PARTITIONS);
    }
}
