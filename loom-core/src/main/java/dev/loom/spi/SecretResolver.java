package dev.loom.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a secret setting's configured value into the secret: {@code file:/path} names a file whose content
 * (without surrounding whitespace) is the secret, as for API tokens; anything else is the secret itself.
 * Resolve when opening, not when validating, so that a rotated file is read at the next open.
 */
@FunctionalInterface
public interface SecretResolver {
    /** Prefix of a value read from a file. */
    String FILE_PREFIX = "file:";

    /**
     * @throws StoreException if the value names a file that cannot be read (the message names the file, never the
     *                        secret)
     */
    String resolve(String configured);

    /** Resolves {@code file:} values by reading the file, and takes other values as they are. */
    static SecretResolver files() {
        return configured -> {
            if (!configured.startsWith(FILE_PREFIX)) {
                return configured;
            }
            Path file = Path.of(configured.substring(FILE_PREFIX.length()));
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new StoreException("cannot read the secret file " + file + ": " + e.getMessage(), e);
            }
        };
    }
}
