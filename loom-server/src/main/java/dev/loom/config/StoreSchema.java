package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.spi.StoreProblem;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSetting;
import dev.loom.spi.StoreSettings;
import dev.loom.store.memory.MemoryStoreProvider;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code store} section: {@code type} (a {@link StoreProvider}'s name), {@code dataDir}, and one subsection per
 * provider on the class path with the settings it declares ({@code store.sqlite.file}). Every provider's section
 * is checked, the selected one's or not, so {@code validate-config} reports every problem; a section that belongs
 * to no provider is refused with the names of those there are.
 */
final class StoreSchema {
    static final String DEFAULT_KIND = "sqlite";
    private static final Set<String> OWN_KEYS = Set.of("type", "dataDir");

    private StoreSchema() {
    }

    static StoreConfig read(ConfigReader reader, ConfigReader.Section root, DeploymentEnv env, StoreProviders providers) {
        // Keys are checked here rather than by the section, so that a section of a missing provider gets its own message.
        ConfigReader.Section store = root.section("store", Set.of());
        for (Iterator<Map.Entry<String, JsonNode>> it = store.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!OWN_KEYS.contains(key) && providers.find(key).isEmpty()) {
                reader.problem("store." + key + ": unknown setting; expected type, dataDir or the section of a store on"
                        + " the class path (" + String.join(", ", providers.names()) + ")");
            }
        }
        Optional<String> configured = store.optional("type", "LOOM_STORE", ValueType.oneOfText(providers.names()),
                DEFAULT_KIND);
        String kind = configured.orElse(DEFAULT_KIND);
        if (configured.isEmpty() && providers.find(DEFAULT_KIND).isEmpty()) {
            reader.problem("store.type: not set, and the default store " + DEFAULT_KIND + " is not on the class path;"
                    + " set it to one of " + String.join(", ", providers.names()));
        }
        Path dataDir = store.get("dataDir", "LOOM_DATA_DIR", ValueType.path(), Path.of("data"), "./data");

        Map<String, StoreSettings> all = new LinkedHashMap<>();
        for (StoreProvider p : providers.all()) {
            all.put(p.name(), settings(reader, store, p));
        }
        // Reached without the provider only when a problem was recorded above, and then the configuration is refused.
        StoreProvider provider = providers.find(kind).orElseGet(MemoryStoreProvider::new);
        StoreSettings settings = all.getOrDefault(provider.name(), StoreSettings.none(provider.name()));
        return new StoreConfig(provider, dataDir, settings, env == DeploymentEnv.PRODUCTION);
    }

    private static StoreSettings settings(ConfigReader reader, ConfigReader.Section store, StoreProvider p) {
        List<StoreSetting> declared = p.settings();
        if (declared.isEmpty()) {
            if (store.has(p.name())) {
                reader.problem(store.pathOf(p.name()) + ": the " + p.name() + " store takes no settings");
            }
            return StoreSettings.none(p.name());
        }
        ConfigReader.Section section = store.section(p.name(),
                Set.copyOf(declared.stream().map(StoreSetting::name).toList()));
        Map<String, Object> values = new LinkedHashMap<>();
        for (StoreSetting s : declared) {
            section.optional(s.name(), ConfigReader.envName(section.pathOf(s.name())), valueType(s), s.defaultValue())
                    .ifPresent(v -> values.put(s.name(), v));
        }
        StoreSettings settings = new StoreSettings(p.name(), values);
        for (StoreProblem problem : p.validate(settings)) {
            reader.problem(section.pathOf(problem.key()) + ": " + problem.message());
        }
        return settings;
    }

    private static ValueType<?> valueType(StoreSetting s) {
        ValueType<?> type = switch (s.type()) {
            case StoreSetting.Type.Text t -> ValueType.text();
            case StoreSetting.Type.Int i -> ValueType.integer(i.min(), i.max());
            case StoreSetting.Type.Bool b -> ValueType.bool();
            case StoreSetting.Type.FilePath f -> ValueType.path();
            case StoreSetting.Type.Choice c -> ValueType.oneOfText(c.values());
        };
        return s.secret() ? type.asSecret() : type;
    }
}
