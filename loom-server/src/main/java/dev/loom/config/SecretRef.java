package dev.loom.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a secret comes from: given inline, or read from a file ({@code file:/path}) that may be replaced
 * while the server runs. {@link #toString()} never shows an inline value.
 *
 * @param inline the value, when given inline
 * @param file   the file holding it, when given as {@code file:/path}
 */
public record SecretRef(Optional<String> inline, Optional<Path> file) {
    /** Prefix marking a value read from a file. */
    public static final String FILE_PREFIX = "file:";

    /** Parses a configured value: {@code file:/path} or the secret itself. */
    public static SecretRef parse(String configured) {
        if (configured.startsWith(FILE_PREFIX)) {
            return new SecretRef(Optional.empty(), Optional.of(Path.of(configured.substring(FILE_PREFIX.length()))));
        }
        return new SecretRef(Optional.of(configured), Optional.empty());
    }

    /** How the secret is shown in effective configuration: the file path, or {@code ***}. */
    public String redacted() {
        return file.map(p -> FILE_PREFIX + p).orElse("***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
