package dev.loom.cli.config;

import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Loads the server configuration the way the server does: the YAML file (if any), then the environment. */
final class ConfigLoading {
    private ConfigLoading() {
    }

    /** The file given, else {@code $LOOM_CONFIG}, else none (defaults and environment only). */
    static Optional<Path> file(Path given, Map<String, String> env) {
        if (given != null) {
            return Optional.of(given);
        }
        return Optional.ofNullable(env.get("LOOM_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
    }

    /**
     * @throws ConfigException listing every problem
     */
    static LoomConfig load(Optional<Path> file, Map<String, String> env) {
        return LoomConfig.load(file, env);
    }

    /** Where the configuration came from, for messages. */
    static String source(Optional<Path> file) {
        return file.map(f -> f + " and the environment").orElse("defaults and the environment (no file)");
    }
}
