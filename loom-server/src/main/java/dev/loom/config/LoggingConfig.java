package dev.loom.config;

/**
 * Logging of the server process.
 *
 * @param level  root level: trace, debug, info, warn or error
 * @param format text or json
 */
public record LoggingConfig(String level, LogFormat format) {
}
