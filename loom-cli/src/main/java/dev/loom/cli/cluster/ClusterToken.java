package dev.loom.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin token every node of {@code loom cluster} accepts: a {@code file:} token, so all nodes read one file,
 * created on the first run with 32 random bytes and owner-only permissions (as a development server's own) and reused
 * after. The CLI finds it as {@code $LOOM_DATA_DIR/admin.token}.
 */
final class ClusterToken {
    static final String FILE = "admin.token";

    private ClusterToken() {
    }

    /** Creates {@code file} unless it exists; returns it. */
    static Path ensure(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        }
        return file;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
