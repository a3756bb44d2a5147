package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads per-actor-type policy overrides: {@code actors.<type>.…} in YAML and
 * {@code LOOM_ACTORS_<TYPE>_<SETTING>} in the environment (the type upper-cased, {@code -} and {@code .}
 * written as {@code _}). The names {@code jars} and {@code examples} under {@code actors} are the settings of
 * {@link ActorSources}, never actor types.
 */
final class ActorPolicySettings {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final String ENV_PREFIX = "LOOM_ACTORS_";
    /** The variables of {@link ActorSources}, which are not per-type settings. */
    private static final Set<String> RESERVED_ENV = Set.of("LOOM_ACTORS_JARS", "LOOM_ACTORS_EXAMPLES");
    private static final Set<String> KEYS = Set.of("retry", "snapshotEvery", "retainJournal", "passivateAfter");
    private static final Set<String> RETRY_KEYS = Set.of("maxAttempts", "initialDelay", "maxDelay", "multiplier");
    private static final List<String> ENV_SUFFIXES = List.of("_RETRY_MAX_ATTEMPTS", "_RETRY_INITIAL_DELAY",
            "_RETRY_MAX_DELAY", "_RETRY_MULTIPLIER", "_SNAPSHOT_EVERY", "_RETAIN_JOURNAL", "_PASSIVATE_AFTER");

    private ActorPolicySettings() {
    }

    static Map<String, ActorPolicy> read(ConfigReader reader, JsonNode node) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        if (!node.isMissingNode() && !node.isNull()) {
            if (!node.isObject()) {
                reader.problem("actors: expected a mapping of actor type to policies, got " + ConfigReader.describe(node));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!ActorSources.RESERVED_NAMES.contains(e.getKey())) {
                        declared.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        Map<String, String> envToType = new TreeMap<>();
        declared.keySet().forEach(t -> envToType.put(envForm(t), t));
        for (String var : reader.environment().keySet()) {
            if (var.startsWith(ENV_PREFIX) && !RESERVED_ENV.contains(var)) {
                String rest = var.substring(ENV_PREFIX.length());
                Optional<String> suffix = ENV_SUFFIXES.stream().filter(rest::endsWith).findFirst();
                if (suffix.isEmpty() || rest.length() == suffix.get().length()) {
                    reader.problem(var + ": unknown setting; expected " + ENV_PREFIX + "<TYPE>" + "{"
                            + String.join("|", ENV_SUFFIXES) + "}");
                    continue;
                }
                String envType = rest.substring(0, rest.length() - suffix.get().length());
                envToType.putIfAbsent(envType, envType.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        Map<String, ActorPolicy> out = new LinkedHashMap<>();
        for (String type : new java.util.LinkedHashSet<>(envToType.values())) {
            if (ActorSources.RESERVED_NAMES.contains(type)) {
                reader.problem("actors." + type + ": is a setting of its own (actors.jars, actors.examples), so no"
                        + " actor type named '" + type + "' can be configured; rename the actor type");
                continue;
            }
            if (!TYPE.matcher(type).matches()) {
                reader.problem("actors." + type + ": not a valid actor type name (1-64 characters [a-z0-9._-] starting with a letter)");
                continue;
            }
            out.put(type, policy(reader, type, declared.getOrDefault(type, com.fasterxml.jackson.databind.node.MissingNode.getInstance())));
        }
        documentTemplate(reader);
        return out;
    }

    private static ActorPolicy policy(ConfigReader reader, String type, JsonNode node) {
        String envBase = ENV_PREFIX + envForm(type);
        ConfigReader.Section s = reader.new Section(node, "actors." + type, KEYS);
        ConfigReader.Section r = s.section("retry", RETRY_KEYS);
        int settingsBefore = reader.settings().size();
        Optional<Integer> maxAttempts = r.optional("maxAttempts", envBase + "_RETRY_MAX_ATTEMPTS", ValueType.integer(1, 1_000_000));
        Optional<Duration> initialDelay = r.optional("initialDelay", envBase + "_RETRY_INITIAL_DELAY", ValueType.duration(true));
        Optional<Duration> maxDelay = r.optional("maxDelay", envBase + "_RETRY_MAX_DELAY", ValueType.duration(true));
        Optional<Double> multiplier = r.optional("multiplier", envBase + "_RETRY_MULTIPLIER", ValueType.decimal(1.0));
        Optional<Integer> snapshotEvery = s.optional("snapshotEvery", envBase + "_SNAPSHOT_EVERY", ValueType.integer(0, Integer.MAX_VALUE));
        Optional<Boolean> retain = s.optional("retainJournal", envBase + "_RETAIN_JOURNAL", ValueType.bool());
        Optional<Duration> passivate = s.optional("passivateAfter", envBase + "_PASSIVATE_AFTER", ValueType.duration(false));
        reader.settings().subList(settingsBefore, reader.settings().size()).clear();
        if (initialDelay.isPresent() && maxDelay.isPresent() && maxDelay.get().compareTo(initialDelay.get()) < 0) {
            reader.problem("actors." + type + ".retry.maxDelay: " + maxDelay.get() + " is less than initialDelay "
                    + initialDelay.get());
        }
        return new ActorPolicy(maxAttempts, initialDelay, maxDelay, multiplier, snapshotEvery, retain, passivate);
    }

    /** Records the per-type settings once, with {@code <type>} in place of a type name. */
    private static void documentTemplate(ConfigReader reader) {
        String p = "actors.<type>.";
        String e = ENV_PREFIX + "<TYPE>";
        reader.settings().add(new SettingInfo(p + "retry.maxAttempts", e + "_RETRY_MAX_ATTEMPTS", "the type's own (5)"));
        reader.settings().add(new SettingInfo(p + "retry.initialDelay", e + "_RETRY_INITIAL_DELAY", "the type's own (100ms)"));
        reader.settings().add(new SettingInfo(p + "retry.maxDelay", e + "_RETRY_MAX_DELAY", "the type's own (30s)"));
        reader.settings().add(new SettingInfo(p + "retry.multiplier", e + "_RETRY_MULTIPLIER", "the type's own (2.0)"));
        reader.settings().add(new SettingInfo(p + "snapshotEvery", e + "_SNAPSHOT_EVERY", "the type's own (1000)"));
        reader.settings().add(new SettingInfo(p + "retainJournal", e + "_RETAIN_JOURNAL", "the type's own (false)"));
        reader.settings().add(new SettingInfo(p + "passivateAfter", e + "_PASSIVATE_AFTER", "runtime.passivateAfter"));
    }

    static String envForm(String type) {
        return type.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
