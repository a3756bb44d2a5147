package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed settings from a YAML tree with environment overrides, collecting every problem instead of
 * stopping at the first, and recording each setting it reads (for the documentation check).
 */
final class ConfigReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final List<SettingInfo> settings = new ArrayList<>();

    ConfigReader(Map<String, String> env) {
        this.env = env;
    }

    List<String> problems() {
        return problems;
    }

    List<SettingInfo> settings() {
        return settings;
    }

    void problem(String message) {
        problems.add(message);
    }

    Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }

    Map<String, String> environment() {
        return env;
    }

    /** The top-level section; reports keys outside {@code allowed}. */
    Section root(JsonNode node, Set<String> allowed) {
        return new Section(node, "", allowed);
    }

    /** The environment variable for a path: {@code runtime.leaseTtl} gives {@code LOOM_RUNTIME_LEASE_TTL}. */
    static String envName(String path) {
        StringBuilder sb = new StringBuilder("LOOM_");
        for (char c : path.toCharArray()) {
            if (c == '.' || c == '-') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String t = n.asText();
            return "\"" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "\"";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.isNull() ? "null" : n.toString();
    }

    /** A mapping in the YAML tree at {@code path}. */
    final class Section {
        private final JsonNode node;
        private final String path;

        Section(JsonNode node, String path, Set<String> allowed) {
            this.path = path;
            if (node.isMissingNode() || node.isNull()) {
                this.node = MissingNode.getInstance();
            } else if (!node.isObject()) {
                problem((path.isEmpty() ? "the configuration file" : path) + ": expected a mapping, got " + describe(node));
                this.node = MissingNode.getInstance();
            } else {
                this.node = node;
                Set<String> unknown = new TreeSet<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!allowed.isEmpty() && !allowed.contains(k)) {
                        unknown.add(k);
                    }
                }
                for (String k : unknown) {
                    problem(pathOf(k) + ": unknown setting; expected one of " + new TreeSet<>(allowed));
                }
            }
        }

        String path() {
            return path;
        }

        String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        JsonNode raw(String key) {
            return node.path(key);
        }

        Iterator<Map.Entry<String, JsonNode>> fields() {
            return node.properties().iterator();
        }

        Section section(String key, Set<String> allowed) {
            return new Section(node.path(key), pathOf(key), allowed);
        }

        <T> T get(String key, ValueType<T> type, T def) {
            return get(key, envName(pathOf(key)), type, def, String.valueOf(def));
        }

        <T> T get(String key, String envVar, ValueType<T> type, T def, String defText) {
            return read(key, envVar, type, defText).orElse(def);
        }

        <T> Optional<T> optional(String key, String envVar, ValueType<T> type) {
            return read(key, envVar, type, "");
        }

        /** A setting whose absence the caller resolves; {@code defText} documents what absence means. */
        <T> Optional<T> optional(String key, String envVar, ValueType<T> type, String defText) {
            return read(key, envVar, type, defText);
        }

        /** Whether the YAML mapping has {@code key}. */
        boolean has(String key) {
            return !node.path(key).isMissingNode();
        }

        private <T> Optional<T> read(String key, String envVar, ValueType<T> type, String defText) {
            String p = pathOf(key);
            settings.add(new SettingInfo(p, envVar, defText));
            Optional<String> fromEnv = env(envVar);
            if (fromEnv.isPresent()) {
                Optional<T> v = type.fromText().apply(fromEnv.get());
                if (v.isEmpty()) {
                    problem(p + " (from " + envVar + "): expected " + type.expected() + ", got "
                            + (type.secret() ? "a value that is not shown (secret)" : "\"" + abbreviate(fromEnv.get()) + "\""));
                }
                return v;
            }
            JsonNode n = node.path(key);
            if (n.isMissingNode()) {
                return Optional.empty();
            }
            Optional<T> v = n.isNull() ? Optional.empty() : type.fromYaml().apply(n);
            if (v.isEmpty()) {
                problem(p + ": expected " + type.expected() + ", got "
                        + (type.secret() ? "a value that is not shown (secret)" : describe(n)));
            }
            return v;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
