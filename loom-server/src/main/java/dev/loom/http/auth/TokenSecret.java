package dev.loom.http.auth;

import dev.loom.config.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token's digest, kept current: an inline token never changes; a token read from a file is read again
 * when the file's modification time or size changes (checked at most every {@link #CHECK_INTERVAL}), so a
 * rotated secret takes effect without a restart.
 */
final class TokenSecret {
    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(TokenSecret.class);

    private final SecretRef ref;
    private volatile Optional<byte[]> digest = Optional.empty();
    private volatile FileTime seenModified;
    private volatile long seenSize = -1;
    private volatile long nextCheckNanos;

    TokenSecret(SecretRef ref) {
        this.ref = ref;
        ref.inline().ifPresent(v -> digest = Optional.of(TokenAuthenticator.sha256(v)));
        ref.file().ifPresent(this::reload);
    }

    /** The current digest; empty if the token file cannot be read (then this token matches nothing). */
    Optional<byte[]> digest() {
        ref.file().ifPresent(f -> {
            long now = System.nanoTime();
            if (now - nextCheckNanos >= 0) {
                nextCheckNanos = now + CHECK_INTERVAL.toNanos();
                reload(f);
            }
        });
        return digest;
    }

    private synchronized void reload(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (Objects.equals(modified, seenModified) && size == seenSize) {
                return;
            }
            String value = Files.readString(file).strip();
            digest = value.isEmpty() ? Optional.empty() : Optional.of(TokenAuthenticator.sha256(value));
            if (seenModified != null) {
                LOG.info("token file {} changed; reloaded", file);
            }
            seenModified = modified;
            seenSize = size;
        } catch (IOException e) {
            digest = Optional.empty();
            if (seenSize != -2) {
                LOG.warn("token file {} cannot be read ({}); that token is refused until the file is readable", file,
                        e.getClass().getSimpleName());
            }
            seenModified = null;
            seenSize = -2;
        }
    }
}
