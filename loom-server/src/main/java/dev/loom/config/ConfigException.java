package dev.loom.config;

import java.util.List;

/**
 * The configuration is invalid. {@link #problems()} lists every problem found (not only the first), each
 * naming the setting's path (and environment variable) and what was expected.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each. */
    public List<String> problems() {
        return problems;
    }
}
