package dev.loom.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** The {@link StoreProvider}s available to this process, by name. */
public final class StoreProviders {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    private final Map<String, StoreProvider> byName;

    /**
     * @throws IllegalStateException if two providers share a name or a name is not lower case letters and digits
     */
    public StoreProviders(List<StoreProvider> providers) {
        Map<String, StoreProvider> map = new LinkedHashMap<>();
        List<StoreProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(StoreProvider::name));
        for (StoreProvider p : sorted) {
            if (!NAME.matcher(p.name()).matches()) {
                throw new IllegalStateException("store provider " + p.getClass().getName() + " has the name \""
                        + p.name() + "\"; a store name is lower case letters and digits");
            }
            StoreProvider clash = map.putIfAbsent(p.name(), p);
            if (clash != null) {
                throw new IllegalStateException("two store providers are named " + p.name() + ": "
                        + clash.getClass().getName() + " and " + p.getClass().getName() + "; remove one jar from the class path");
            }
        }
        this.byName = Map.copyOf(map);
    }

    /** The providers {@link ServiceLoader} finds with this class's class loader. */
    public static StoreProviders discover() {
        return discover(StoreProviders.class.getClassLoader());
    }

    /** The providers {@link ServiceLoader} finds with {@code loader}. */
    public static StoreProviders discover(ClassLoader loader) {
        List<StoreProvider> found = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class, loader).forEach(found::add);
        return new StoreProviders(found);
    }

    /** Every provider, by name. */
    public List<StoreProvider> all() {
        return byName.values().stream().sorted(Comparator.comparing(StoreProvider::name)).toList();
    }

    /** Their names, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The provider named {@code name}, if there is one. */
    public Optional<StoreProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The provider named {@code name}.
     *
     * @throws UnknownStoreException listing the known names, if there is none
     */
    public StoreProvider require(String name) {
        StoreProvider p = byName.get(name);
        if (p == null) {
            throw new UnknownStoreException(name, names());
        }
        return p;
    }
}
