package dev.loom.config;

import java.io.IOException;
import java.nio.file.Files;

/** Reads a secret's current value. */
public final class SecretFiles {
    private SecretFiles() {
    }

    /**
     * The secret's value: the inline value, or the file's content without surrounding whitespace.
     *
     * @throws IOException if the file cannot be read
     */
    public static String read(SecretRef ref) throws IOException {
        if (ref.file().isPresent()) {
            return Files.readString(ref.file().get()).strip();
        }
        return ref.inline().orElse("");
    }
}
