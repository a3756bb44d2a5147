package dev.loom.spi;

import java.util.List;

/**
 * A storage engine Loom can be configured to run on, found through {@link java.util.ServiceLoader} (a jar
 * lists its implementation in {@code META-INF/services/dev.loom.spi.StoreProvider}, as actor jars list their
 * {@link dev.loom.actor.ActorTypeProvider}s). The server, {@code validate-config} and every CLI command that
 * opens a store select a provider by {@code store.type} and know nothing else about it: adding a store means
 * adding a jar with a provider, never editing the server or the CLI.
 *
 * <p>Implementations have a public no-argument constructor, are stateless and thread-safe.
 * See the package documentation for the guarantees the opened {@link Store} must give.
 */
public interface StoreProvider {
    /**
     * The value of {@code store.type} that selects this provider, and the key of its section in
     * {@code loom.yaml} ({@code store.<name>.*}): lower case letters and digits ({@code sqlite}, {@code postgres}).
     * Unique among the providers on the class path.
     */
    String name();

    /** One sentence for operators: what this store is and when to use it. */
    String description();

    /** What the store can be relied on for; constant for a provider. */
    StoreCapabilities capabilities();

    /**
     * Every setting this provider reads, in the order to document them. The configuration layer accepts
     * exactly these keys under {@code store.<name>}, type-checks them and refuses others.
     */
    List<StoreSetting> settings();

    /**
     * Checks that go beyond each setting's type (a URL's scheme, two settings that exclude each other). Called
     * with type-checked settings whenever a configuration is loaded, also when this provider is not the selected
     * one, so that {@code validate-config} reports every problem. Must not connect anywhere or read secrets.
     *
     * @return the problems, each naming its key; empty when the settings can be opened
     */
    default List<StoreProblem> validate(StoreSettings settings) {
        return List.of();
    }

    /**
     * Where {@link #open} would keep the data, without opening anything. The CLI prints it and refuses a
     * {@code --direct} read of a {@link StoreLocation.File} that does not exist.
     */
    StoreLocation location(StoreSettings settings, StoreContext context);

    /**
     * Opens (and, if it does not exist yet, creates with {@link StoreContext#partitionsOrDefault()} partitions)
     * the store the settings describe. The caller closes it.
     *
     * @param settings type-checked settings for which {@link #validate} found no problem
     * @throws StoreException if the store cannot be opened; the message says why and names the location
     */
    Store open(StoreSettings settings, StoreContext context);
}
