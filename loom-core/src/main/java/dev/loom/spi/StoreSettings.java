package dev.loom.spi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured values of one provider's {@link StoreSetting}s, already type-checked: a setting of type
 * {@link StoreSetting.Type.Int} holds an {@link Integer}, {@link StoreSetting.Type.FilePath} a {@link Path}, and
 * so on. Absent settings are absent (the provider applies its defaults). Secret values are held as configured
 * ({@code file:/path} or inline) and resolved with {@link StoreContext#secrets()} when the store is opened.
 *
 * @param provider the provider's {@link StoreProvider#name()}
 * @param values   configured values by setting name
 */
public record StoreSettings(String provider, Map<String, Object> values) {
    public StoreSettings {
        values = Map.copyOf(values);
    }

    /** No setting configured. */
    public static StoreSettings none(String provider) {
        return new StoreSettings(provider, Map.of());
    }

    /**
     * Settings checked against what {@code provider} declares.
     *
     * @throws IllegalArgumentException naming the setting, if one is not declared or has a value of the wrong
     *                                  class or out of bounds
     */
    public static StoreSettings of(StoreProvider provider, Map<String, Object> values) {
        StoreSettings settings = none(provider.name());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            settings = settings.with(provider, e.getKey(), e.getValue());
        }
        return settings;
    }

    /**
     * These settings with {@code name} set to {@code value} (command-line flags override configured values this
     * way).
     *
     * @throws IllegalArgumentException if {@code provider} declares no such setting or the value does not fit its type
     */
    public StoreSettings with(StoreProvider provider, String name, Object value) {
        if (!provider.name().equals(this.provider)) {
            throw new IllegalArgumentException("these are settings of store " + this.provider + ", not " + provider.name());
        }
        StoreSetting setting = provider.settings().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("store " + provider.name() + " has no setting " + name
                        + "; it has " + provider.settings().stream().map(StoreSetting::name).toList()));
        if (!setting.type().accepts(value)) {
            throw new IllegalArgumentException("store." + provider.name() + "." + name + ": expected "
                    + setting.type().expected() + ", got " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new StoreSettings(this.provider, copy);
    }

    /** Whether {@code name} is configured. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A text or choice setting. */
    public Optional<String> text(String name) {
        return get(name, String.class);
    }

    /** An integer setting. */
    public Optional<Integer> integer(String name) {
        return get(name, Integer.class);
    }

    /** A boolean setting. */
    public Optional<Boolean> bool(String name) {
        return get(name, Boolean.class);
    }

    /** A path setting. */
    public Optional<Path> path(String name) {
        return get(name, Path.class);
    }

    /** The names of the configured settings. */
    public List<String> names() {
        return values.keySet().stream().sorted().toList();
    }

    private <T> Optional<T> get(String name, Class<T> type) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("store." + provider + "." + name + " holds a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName() + "; read it with the accessor of its declared type");
        }
        return Optional.of(type.cast(v));
    }
}
