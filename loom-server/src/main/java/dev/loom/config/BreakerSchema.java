package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.loom.breaker.BreakerSettings;
import dev.loom.breaker.Breakers;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code breakers} section: the settings every breaker starts from ({@code breakers.failureThreshold},
 * {@code successThreshold}, {@code openTimeout}) and, under {@code breakers.named.<name>}, a breaker's own, each
 * falling back to the section's. In the environment a breaker's own are
 * {@code LOOM_BREAKERS_NAMED_<NAME>_<SETTING>} (the name upper-cased, {@code -} and {@code .} written as
 * {@code _}, read back with {@code _} as {@code -}).
 */
final class BreakerSchema {
    private static final Set<String> OWN_KEYS = Set.of("failureThreshold", "successThreshold", "openTimeout");
    private static final String ENV_PREFIX = "LOOM_BREAKERS_NAMED_";
    private static final List<String> ENV_SUFFIXES = List.of("_FAILURE_THRESHOLD", "_SUCCESS_THRESHOLD", "_OPEN_TIMEOUT");
    private static final ValueType<Integer> THRESHOLD = ValueType.integer(1, 10_000);
    private static final ValueType<Duration> TIMEOUT = ValueType.duration(false);

    private BreakerSchema() {
    }

    static BreakerConfig read(ConfigReader reader, ConfigReader.Section root) {
        Set<String> keys = new LinkedHashSet<>(OWN_KEYS);
        keys.add("named");
        ConfigReader.Section br = root.section("breakers", keys);
        BreakerSettings defaults = new BreakerSettings(
                br.get("failureThreshold", THRESHOLD, 5),
                br.get("successThreshold", THRESHOLD, 2),
                br.get("openTimeout", TIMEOUT, Duration.ofSeconds(30)));
        Map<String, BreakerSettings> named = new LinkedHashMap<>();
        Map<String, JsonNode> declared = declared(reader, br.raw("named"));
        for (String name : names(reader, declared.keySet())) {
            if (!Breakers.NAME.matcher(name).matches()) {
                reader.problem("breakers.named." + name + ": not a valid circuit breaker name (1-64 characters"
                        + " [a-z0-9._-] starting with a letter)");
                continue;
            }
            named.put(name, own(reader, name, declared.getOrDefault(name, MissingNode.getInstance()), defaults));
        }
        documentTemplate(reader);
        return new BreakerConfig(defaults.failureThreshold(), defaults.successThreshold(), defaults.openTimeout(), named);
    }

    private static Map<String, JsonNode> declared(ConfigReader reader, JsonNode node) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return declared;
        }
        if (!node.isObject()) {
            reader.problem("breakers.named: expected a mapping of breaker name to its settings, got "
                    + ConfigReader.describe(node));
            return declared;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            declared.put(e.getKey(), e.getValue());
        }
        return declared;
    }

    /** The breakers named in YAML, then those only the environment names. */
    private static Set<String> names(ConfigReader reader, Set<String> declared) {
        Map<String, String> envToName = new TreeMap<>();
        declared.forEach(n -> envToName.put(envForm(n), n));
        for (String var : reader.environment().keySet()) {
            if (!var.startsWith(ENV_PREFIX)) {
                continue;
            }
            String rest = var.substring(ENV_PREFIX.length());
            Optional<String> suffix = ENV_SUFFIXES.stream().filter(rest::endsWith).findFirst();
            if (suffix.isEmpty() || rest.length() == suffix.get().length()) {
                reader.problem(var + ": unknown setting; expected " + ENV_PREFIX + "<NAME>{"
                        + String.join("|", ENV_SUFFIXES) + "}");
                continue;
            }
            String envName = rest.substring(0, rest.length() - suffix.get().length());
            envToName.putIfAbsent(envName, envName.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        Set<String> names = new LinkedHashSet<>(declared);
        names.addAll(envToName.values());
        return names;
    }

    private static BreakerSettings own(ConfigReader reader, String name, JsonNode node, BreakerSettings defaults) {
        String envBase = ENV_PREFIX + envForm(name);
        ConfigReader.Section s = reader.new Section(node, "breakers.named." + name, OWN_KEYS);
        int settingsBefore = reader.settings().size();
        int failure = s.get("failureThreshold", envBase + ENV_SUFFIXES.get(0), THRESHOLD, defaults.failureThreshold(), "");
        int success = s.get("successThreshold", envBase + ENV_SUFFIXES.get(1), THRESHOLD, defaults.successThreshold(), "");
        Duration open = s.get("openTimeout", envBase + ENV_SUFFIXES.get(2), TIMEOUT, defaults.openTimeout(), "");
        // Each breaker's settings are documented once, by the template.
        reader.settings().subList(settingsBefore, reader.settings().size()).clear();
        return new BreakerSettings(failure, success, open);
    }

    private static void documentTemplate(ConfigReader reader) {
        String p = "breakers.named.<name>.";
        String e = ENV_PREFIX + "<NAME>";
        reader.settings().add(new SettingInfo(p + "failureThreshold", e + ENV_SUFFIXES.get(0), "breakers.failureThreshold"));
        reader.settings().add(new SettingInfo(p + "successThreshold", e + ENV_SUFFIXES.get(1), "breakers.successThreshold"));
        reader.settings().add(new SettingInfo(p + "openTimeout", e + ENV_SUFFIXES.get(2), "breakers.openTimeout"));
    }

    static String envForm(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
