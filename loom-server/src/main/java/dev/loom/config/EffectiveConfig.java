package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.spi.StoreSetting;
import java.util.Optional;

/** The effective configuration as a JSON tree for operators, with secrets redacted. */
final class EffectiveConfig {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EffectiveConfig() {
    }

    static JsonNode of(LoomConfig c) {
        ObjectNode root = F.objectNode();
        root.put("env", c.env().label());
        root.put("nodeId", c.nodeId().orElse(null));
        root.set("store", store(c.store()));
        ObjectNode http = root.putObject("http").put("host", c.http().host()).put("port", c.http().port())
                .put("bodyLimit", c.http().bodyLimit());
        c.http().tls().ifPresent(t -> http.putObject("tls").put("cert", t.certFile().toString())
                .put("key", t.keyFile().toString()));
        root.putObject("logging").put("level", c.logging().level()).put("format", c.logging().format().label());
        var tokens = root.putArray("tokens");
        for (TokenConfig t : c.tokens()) {
            ObjectNode n = tokens.addObject().put("token", t.secret().redacted()).put("role", t.role().label());
            if (!t.scope().isUnrestricted()) {
                ObjectNode scope = n.putObject("scope");
                var types = scope.putArray("actorTypes");
                t.scope().actorTypes().stream().sorted().forEach(types::add);
                t.scope().idPrefix().ifPresent(p -> scope.put("idPrefix", p));
            }
        }
        ObjectNode actors = root.putObject("actors");
        var jars = actors.putArray("jars");
        c.actorSources().jars().forEach(j -> jars.add(j.toString()));
        actors.put("examples", c.actorSources().examples());
        c.actors().forEach((type, p) -> {
            ObjectNode a = actors.putObject(type);
            ObjectNode retry = a.putObject("retry");
            p.maxAttempts().ifPresent(v -> retry.put("maxAttempts", v));
            p.initialDelay().ifPresent(v -> retry.put("initialDelay", v.toString()));
            p.maxDelay().ifPresent(v -> retry.put("maxDelay", v.toString()));
            p.multiplier().ifPresent(v -> retry.put("multiplier", v));
            p.snapshotEvery().ifPresent(v -> a.put("snapshotEvery", v));
            p.retainJournal().ifPresent(v -> a.put("retainJournal", v));
            p.passivateAfter().ifPresent(v -> a.put("passivateAfter", v.toString()));
        });
        RuntimeConfig r = c.runtime();
        root.putObject("runtime").put("maxActiveActors", r.maxActiveActors())
                .put("passivateAfter", r.passivateAfter().toString()).put("leaseTtl", r.leaseTtl().toString())
                .put("leaseSafetyMargin", r.leaseSafetyMargin().toString())
                .put("idempotencyTtl", r.idempotencyTtl().toString()).put("drainTimeout", r.drainTimeout().toString());
        ObjectNode rl = root.putObject("rateLimits");
        limit(rl.putObject("perToken"), c.rateLimits().perToken());
        limit(rl.putObject("perClient"), c.rateLimits().perClient());
        ObjectNode breakers = root.putObject("breakers").put("failureThreshold", c.breakers().failureThreshold())
                .put("successThreshold", c.breakers().successThreshold())
                .put("openTimeout", c.breakers().openTimeout().toString());
        ObjectNode named = breakers.putObject("named");
        new java.util.TreeMap<>(c.breakers().named()).forEach((name, b) -> named.putObject(name)
                .put("failureThreshold", b.failureThreshold()).put("successThreshold", b.successThreshold())
                .put("openTimeout", b.openTimeout().toString()));
        root.putObject("slowEndpoints").put("p95Ms", c.slowEndpoints().p95Millis())
                .put("p99Ms", c.slowEndpoints().p99Millis())
                .put("window", c.slowEndpoints().defaultWindow().toString());
        ObjectNode tracing = root.putObject("tracing").put("keepRecent", c.tracing().keepRecent())
                .put("retention", c.tracing().retention().toString()).put("maxSpans", c.tracing().maxSpans())
                .put("exporting", c.tracing().exporting());
        // Names only: OTEL_EXPORTER_OTLP_HEADERS and the like may carry credentials.
        c.tracing().otel().keySet().forEach(tracing.putArray("otelVariables")::add);
        return root;
    }

    /** A limit as it would be configured: an absent (off) limit shows rate 0, which configures it off. */
    private static void limit(ObjectNode node, Optional<RateLimit> limit) {
        limit.ifPresentOrElse(l -> node.put("requestsPerSecond", l.requestsPerSecond()).put("burst", l.burst()),
                () -> node.put("requestsPerSecond", 0));
    }

    /** {@code type}, {@code dataDir}, the selected store's configured settings (secrets redacted) and where it is. */
    static ObjectNode store(StoreConfig s) {
        ObjectNode store = F.objectNode().put("type", s.kind()).put("dataDir", s.dataDir().toString());
        ObjectNode own = store.putObject(s.kind());
        for (StoreSetting setting : s.provider().settings()) {
            String name = setting.name();
            switch (s.settings().values().get(name)) {
                case null -> { }
                case String text when setting.secret() -> own.put(name, SecretRef.parse(text).redacted());
                case Integer i -> own.put(name, i);
                case Boolean b -> own.put(name, b);
                case Object other -> own.put(name, other.toString());
            }
        }
        store.put("location", s.location().describe());
        return store;
    }
}
