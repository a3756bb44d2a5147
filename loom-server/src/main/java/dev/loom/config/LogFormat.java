package dev.loom.config;

/** How log lines are written to standard output. */
public enum LogFormat {
    /** Human-readable lines. */
    TEXT,
    /** One JSON object per line (logstash layout), for log collectors. */
    JSON;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
