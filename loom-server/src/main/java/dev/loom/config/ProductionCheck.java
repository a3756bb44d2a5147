package dev.loom.config;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** What makes a configuration unfit for production (refused) or risky (warned about). */
final class ProductionCheck {
    static final int MIN_TOKEN_LENGTH = 32;

    private ProductionCheck() {
    }

    static List<String> problems(LoomConfig c) {
        List<String> out = new ArrayList<>();
        if (c.env() != DeploymentEnv.PRODUCTION) {
            out.add("env is " + c.env().label() + "; set LOOM_ENV=production");
        }
        if (c.store().kind() == StoreKind.MEMORY) {
            out.add("store.type is memory: every message and state is lost when the process stops; use sqlite"
                    + " (LOOM_STORE=sqlite)");
        }
        if (c.tokens().isEmpty()) {
            out.add("tokens: none configured; production needs tokens (development generates an admin token file)");
        } else if (c.tokens().stream().noneMatch(t -> t.role() == Role.ADMIN)) {
            out.add("tokens: no token has the admin role; operators could not use /api/admin");
        }
        for (int i = 0; i < c.tokens().size(); i++) {
            TokenConfig t = c.tokens().get(i);
            String where = "tokens[" + i + "] (role " + t.role().label() + ", " + t.secret().redacted() + ")";
            try {
                int length = SecretFiles.read(t.secret()).length();
                if (length < MIN_TOKEN_LENGTH) {
                    out.add(where + ": " + length + " characters; production tokens need at least " + MIN_TOKEN_LENGTH
                            + " (e.g. openssl rand -hex 32)");
                }
            } catch (IOException e) {
                out.add(where + ": cannot read the token file: " + e.getMessage());
            }
        }
        return out;
    }

    static List<String> warnings(LoomConfig c) {
        List<String> out = new ArrayList<>();
        if (c.http().tls().isEmpty()) {
            out.add("http.tls is not set: the API is plain HTTP; terminate TLS in front of Loom or set"
                    + " LOOM_HTTP_TLS_CERT and LOOM_HTTP_TLS_KEY");
        }
        if (c.logging().format() == LogFormat.TEXT) {
            out.add("logging.format is text; log collectors parse LOG_FORMAT=json more reliably");
        }
        if (c.rateLimits().perClient().isEmpty()) {
            out.add("rateLimits.perClient is disabled (requestsPerSecond 0)");
        }
        if (c.nodeId().isEmpty()) {
            out.add("nodeId is not set: a random id is used, so a restarted node waits for its old leases to expire"
                    + " (set LOOM_NODE_ID)");
        }
        if (!Files.isDirectory(c.store().dataDir()) && c.store().kind() == StoreKind.SQLITE) {
            out.add("store.dataDir " + c.store().dataDir().toAbsolutePath() + " does not exist yet; it will be created");
        }
        return out;
    }
}
