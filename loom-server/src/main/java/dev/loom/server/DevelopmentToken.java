package dev.loom.server;

import dev.loom.config.DeploymentEnv;
import dev.loom.config.LoomConfig;
import dev.loom.config.Role;
import dev.loom.config.SecretRef;
import dev.loom.config.TokenConfig;
import dev.loom.config.TokenScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security by default for a development server started without tokens: instead of running open, it uses an
 * admin token kept in {@code <dataDir>/admin.token} (created with 32 random bytes and owner-only permissions
 * on first start, reused after), registered as a {@code file:} token so it can be rotated by editing the file.
 * Only the file's path is logged, never the token. The CLI reads the same file when no token is given.
 */
final class DevelopmentToken {
    /** The file name, inside the data directory. */
    static final String FILE = "admin.token";
    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentToken.class);

    private DevelopmentToken() {
    }

    /** {@code config} itself when it has tokens (or is not development); else with the generated admin token. */
    static LoomConfig ensure(LoomConfig config) {
        if (!config.tokens().isEmpty() || config.env() != DeploymentEnv.DEVELOPMENT) {
            return config;
        }
        Path file = config.store().dataDir().resolve(FILE).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no API tokens are configured and the development admin token file "
                    + file + " cannot be created: " + e.getMessage() + "; configure tokens (LOOM_TOKENS=admin:<secret>)", e);
        }
        LOG.warn("no API tokens are configured: using the development admin token in {} (the CLI reads it; for curl:"
                + " -H \"Authorization: Bearer $(cat {})\"); configure tokens for anything shared", file, file);
        return config.withTokens(List.of(new TokenConfig(SecretRef.parse(SecretRef.FILE_PREFIX + file), Role.ADMIN,
                TokenScope.UNRESTRICTED)));
    }
}
