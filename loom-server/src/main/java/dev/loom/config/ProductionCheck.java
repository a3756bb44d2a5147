package dev.loom.config;

import java.io.IOException;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
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
        if (!c.store().provider().capabilities().durable()) {
            out.add(notDurable(c.store()));
        }
        if (c.actorSources().examples()) {
            out.add("actors.examples is true (the default in development): the example actors would be registered,"
                    + " and email-sender fails a share of its sends by design; production registers only your actors"
                    + " (actors.jars, LOOM_ACTORS_JARS)");
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

    /** Why a store that is not durable is no production store, and which ones are. */
    static String notDurable(StoreConfig store) {
        List<String> durable = StoreProviders.discover().all().stream().filter(p -> p.capabilities().durable())
                .map(StoreProvider::name).toList();
        return "store.type is " + store.kind() + ": the " + store.kind() + " store is not durable, so every message and"
                + " state is lost when the process stops; use a durable store: " + String.join(" or ", durable)
                + (durable.isEmpty() ? "" : " (LOOM_STORE=" + durable.get(0) + ")");
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
        if (c.store().location() instanceof StoreLocation.File f && !Files.isDirectory(f.path().getParent())) {
            out.add("the directory of the store file " + f.path() + " does not exist yet; it will be created"
                    + " (store.dataDir, LOOM_DATA_DIR)");
        }
        return out;
    }
}
