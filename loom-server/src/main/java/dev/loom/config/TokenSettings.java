package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code tokens} list from YAML, or from {@code LOOM_TOKENS} ({@code role:value,role:value}, which
 * replaces the YAML list; empty or blank counts as not set). Problems never quote a token's value.
 */
final class TokenSettings {
    static final String ENV = "LOOM_TOKENS";
    private static final Set<String> KEYS = Set.of("token", "role", "scope");
    private static final Set<String> SCOPE_KEYS = Set.of("actorTypes", "idPrefix");

    private TokenSettings() {
    }

    static List<TokenConfig> read(ConfigReader reader, JsonNode node) {
        reader.settings().add(new SettingInfo("tokens", ENV, ""));
        // An empty LOOM_TOKENS is what `LOOM_TOKENS=${LOOM_TOKENS}` in a compose file or unit gives when the
        // variable is not set upstream, so it means "not set" (the YAML list, or none) rather than a bad entry.
        Optional<String> fromEnv = reader.env(ENV).filter(v -> !v.isBlank());
        List<TokenConfig> tokens = fromEnv.isPresent() ? fromEnv(reader, fromEnv.get()) : fromYaml(reader, node);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            SecretRef s = tokens.get(i).secret();
            String key = s.inline().orElse("file:" + s.file().map(Object::toString).orElse(""));
            if (!seen.add(key)) {
                reader.problem("tokens[" + i + "]: the same token is configured twice");
            }
            s.file().ifPresent(f -> checkFile(reader, f));
        }
        return tokens;
    }

    private static void checkFile(ConfigReader reader, java.nio.file.Path f) {
        if (!Files.isReadable(f)) {
            reader.problem("tokens: token file " + f + " does not exist or is not readable");
        }
    }

    private static List<TokenConfig> fromEnv(ConfigReader reader, String text) {
        List<TokenConfig> out = new ArrayList<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i].trim();
            int colon = e.indexOf(':');
            Optional<Role> role = colon < 0 ? Optional.empty()
                    : ValueType.oneOf(Role.class).fromText().apply(e.substring(0, colon));
            String value = colon < 0 ? "" : e.substring(colon + 1).trim();
            if (role.isEmpty() || value.isEmpty()) {
                reader.problem(ENV + " entry " + (i + 1) + ": expected role:token with role reader, writer or admin"
                        + " (entries separated by commas)");
                continue;
            }
            out.add(new TokenConfig(SecretRef.parse(value), role.get(), TokenScope.UNRESTRICTED));
        }
        return out;
    }

    private static List<TokenConfig> fromYaml(ConfigReader reader, JsonNode node) {
        List<TokenConfig> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            reader.problem("tokens: expected a list of {token, role, scope}, got " + ConfigReader.describe(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "tokens[" + i + "]";
            ConfigReader.Section s = reader.new Section(node.get(i), path, KEYS);
            JsonNode value = s.raw("token");
            if (!value.isTextual() || value.asText().isBlank()) {
                reader.problem(path + ".token: expected the token's value or file:/path, got "
                        + (value.isMissingNode() ? "nothing" : value.isTextual() ? "an empty string" : ConfigReader.describe(value)));
            }
            Optional<Role> role = s.optional("role", "", ValueType.oneOf(Role.class));
            if (s.raw("role").isMissingNode()) {
                reader.problem(path + ".role: missing; expected one of reader, writer, admin");
            }
            TokenScope scope = scope(reader, s.section("scope", SCOPE_KEYS));
            if (value.isTextual() && !value.asText().isBlank() && role.isPresent()) {
                out.add(new TokenConfig(SecretRef.parse(value.asText()), role.get(), scope));
            }
        }
        return out;
    }

    private static TokenScope scope(ConfigReader reader, ConfigReader.Section s) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode t = s.raw("actorTypes");
        if (!t.isMissingNode()) {
            if (!t.isArray()) {
                reader.problem(s.pathOf("actorTypes") + ": expected a list of actor type names, got " + ConfigReader.describe(t));
            } else {
                t.forEach(n -> {
                    if (n.isTextual() && !n.asText().isBlank()) {
                        types.add(n.asText());
                    } else {
                        reader.problem(s.pathOf("actorTypes") + ": expected actor type names, got " + ConfigReader.describe(n));
                    }
                });
            }
        }
        Optional<String> prefix = s.optional("idPrefix", "", ValueType.text());
        return new TokenScope(types, prefix);
    }
}
