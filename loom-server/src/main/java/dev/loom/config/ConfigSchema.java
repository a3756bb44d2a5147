package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.loom.spi.StoreProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The settings of {@link LoomConfig}: their paths, types, defaults and environment variables. */
final class ConfigSchema {
    static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

    private ConfigSchema() {
    }

    static LoomConfig read(ConfigReader reader, ConfigReader.Section root) {
        DeploymentEnv env = env(root);
        Optional<String> nodeId = root.optional("nodeId", "LOOM_NODE_ID", ValueType.text());

        StoreConfig store = StoreSchema.read(reader, root, env, StoreProviders.discover());

        HttpConfig http = http(reader, root.section("http", Set.of("host", "port", "bodyLimit", "tls")), env);

        ConfigReader.Section logging = root.section("logging", Set.of("level", "format"));
        String level = logging.get("level", "LOG_LEVEL",
                ValueType.oneOfText(List.of("trace", "debug", "info", "warn", "error")), "info", "info");
        LogFormat format = logging.get("format", "LOG_FORMAT", ValueType.oneOf(LogFormat.class), LogFormat.TEXT, "text");

        List<TokenConfig> tokens = TokenSettings.read(reader, root.raw("tokens"));
        if (env == DeploymentEnv.PRODUCTION && tokens.isEmpty()) {
            reader.problem("tokens: none configured, and LOOM_ENV is production; configure at least one admin token"
                    + " (tokens in loom.yaml or LOOM_TOKENS=admin:<secret>)");
        }

        var actors = ActorPolicySettings.read(reader, root.raw("actors"));
        ActorSources actorSources = actorSources(reader, root.raw("actors"), env);

        ConfigReader.Section rt = root.section("runtime",
                Set.of("maxActiveActors", "passivateAfter", "leaseTtl", "leaseSafetyMargin", "idempotencyTtl", "drainTimeout"));
        Duration leaseTtl = rt.get("leaseTtl", ValueType.duration(false), Duration.ofSeconds(10));
        Duration leaseSafetyMargin = rt.optional("leaseSafetyMargin", ConfigReader.envName(rt.pathOf("leaseSafetyMargin")),
                ValueType.duration(true), "a third of runtime.leaseTtl").orElse(leaseTtl.dividedBy(3));
        if (leaseSafetyMargin.compareTo(leaseTtl) >= 0) {
            reader.problem(rt.pathOf("leaseSafetyMargin") + ": " + leaseSafetyMargin + " is not below runtime.leaseTtl ("
                    + leaseTtl + "), so no turn could ever start; leave it unset (a third of the TTL) or lower it");
        }
        RuntimeConfig runtime = new RuntimeConfig(
                rt.get("maxActiveActors", ValueType.integer(1, Integer.MAX_VALUE), 100_000),
                rt.get("passivateAfter", ValueType.duration(false), Duration.ofMinutes(5)),
                leaseTtl, leaseSafetyMargin,
                rt.get("idempotencyTtl", ValueType.duration(false), Duration.ofHours(24)),
                rt.get("drainTimeout", ValueType.duration(false), Duration.ofSeconds(30)));

        ConfigReader.Section rl = root.section("rateLimits", Set.of("perToken", "perClient"));
        RateLimitConfig rateLimits = new RateLimitConfig(
                rate(reader, rl.section("perToken", RATE_KEYS), Optional.empty()),
                rate(reader, rl.section("perClient", RATE_KEYS), Optional.of(RateLimitConfig.DEFAULT_PER_CLIENT_RATE)));

        BreakerConfig breakers = BreakerSchema.read(reader, root);

        ConfigReader.Section slow = root.section("slowEndpoints", Set.of("p95Ms", "p99Ms", "window"));
        SlowEndpointConfig slowEndpoints = new SlowEndpointConfig(
                slow.get("p95Ms", ValueType.longInteger(0, 3_600_000), 500L),
                slow.get("p99Ms", ValueType.longInteger(0, 3_600_000), 1000L),
                slow.get("window", ValueType.duration(false), Duration.ofMinutes(5)));

        ConfigReader.Section tr = root.section("tracing", Set.of("keepRecent", "retention", "maxSpans"));
        TracingConfig tracing = new TracingConfig(
                tr.get("keepRecent", ValueType.bool(), false),
                tr.get("retention", ValueType.duration(false), Duration.ofHours(24)),
                tr.get("maxSpans", ValueType.integer(1, 10_000_000), 100_000),
                TracingConfig.otelVariables(reader.environment()));

        return new LoomConfig(env, nodeId, store, http, new LoggingConfig(level, format),
                tokens, actors, actorSources, runtime, rateLimits, breakers, slowEndpoints, tracing);
    }

    /**
     * {@code actors.jars} and {@code actors.examples}, which share the {@code actors} mapping with the per-type
     * policies (ActorPolicySettings leaves these two names alone and refuses them as type names).
     */
    private static ActorSources actorSources(ConfigReader reader, JsonNode actorsNode, DeploymentEnv env) {
        // A non-mapping `actors` is reported once, by ActorPolicySettings.
        ConfigReader.Section actors = reader.new Section(actorsNode.isObject() ? actorsNode : MissingNode.getInstance(),
                "actors", Set.of());
        List<Path> jars = actors.optional("jars", "LOOM_ACTORS_JARS", ValueType.pathList(),
                "none").orElse(List.of());
        boolean production = env == DeploymentEnv.PRODUCTION;
        boolean examples = actors.get("examples", "LOOM_ACTORS_EXAMPLES", ValueType.bool(), !production,
                "true in development, false in production");
        if (production && examples) {
            reader.problem("actors.examples: the example actors are for development only (email-sender fails a"
                    + " share of its sends by design) and LOOM_ENV is production; remove actors.examples"
                    + " (LOOM_ACTORS_EXAMPLES) and give the server your actors with actors.jars (LOOM_ACTORS_JARS)");
        }
        return new ActorSources(jars, examples);
    }

    private static DeploymentEnv env(ConfigReader.Section root) {
        return root.get("env", "LOOM_ENV", ValueType.oneOf(DeploymentEnv.class), DeploymentEnv.DEVELOPMENT, "development");
    }

    /** Only {@code env} and the {@code store} section, for commands that open a store and run no server. */
    static StoreConfig readStore(ConfigReader reader, ConfigReader.Section root) {
        return StoreSchema.read(reader, root, env(root), StoreProviders.discover());
    }

    private static final Set<String> RATE_KEYS = Set.of("requestsPerSecond", "burst");

    /**
     * A limit, empty (off) when its rate is 0 or, with no default rate, not set. The burst defaults to two
     * seconds' worth of the rate; a burst without a rate to go with it is reported instead of ignored.
     */
    private static Optional<RateLimit> rate(ConfigReader reader, ConfigReader.Section s, Optional<Double> defaultRate) {
        Optional<Double> rps = defaultRate.isPresent()
                ? Optional.of(s.get("requestsPerSecond", ValueType.decimal(0.0), defaultRate.get()))
                : s.optional("requestsPerSecond", ConfigReader.envName(s.pathOf("requestsPerSecond")),
                        ValueType.decimal(0.0));
        String burstText = defaultRate.map(r -> String.valueOf(RateLimit.defaultBurst(r)))
                .orElse("twice requestsPerSecond");
        Optional<Integer> burst = s.optional("burst", ConfigReader.envName(s.pathOf("burst")),
                ValueType.integer(1, 1_000_000), burstText);
        if (rps.isEmpty()) {
            burst.ifPresent(b -> reader.problem(s.pathOf("burst") + ": has no effect without " + s.pathOf("requestsPerSecond")
                    + " (this limit is off unless its rate is set)"));
            return Optional.empty();
        }
        if (rps.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(rps.get(), burst.orElse(RateLimit.defaultBurst(rps.get()))));
    }

    private static HttpConfig http(ConfigReader reader, ConfigReader.Section http, DeploymentEnv env) {
        String host = http.get("host", "LOOM_HTTP_HOST", ValueType.host(), HttpConfig.defaultHost(env),
                HttpConfig.DEVELOPMENT_HOST + " in development, " + HttpConfig.PRODUCTION_HOST + " in production");
        int port = http.get("port", "LOOM_HTTP_PORT", ValueType.integer(0, 65_535), 3000, "3000");
        long bodyLimit = http.get("bodyLimit", ValueType.byteSize(1, 1L << 30), DEFAULT_BODY_LIMIT);
        ConfigReader.Section tls = http.section("tls", Set.of("cert", "key"));
        Optional<Path> cert = tls.optional("cert", ConfigReader.envName("http.tls.cert"), ValueType.path());
        Optional<Path> key = tls.optional("key", ConfigReader.envName("http.tls.key"), ValueType.path());
        if (cert.isPresent() != key.isPresent()) {
            reader.problem("http.tls: set both cert and key (PEM files), or neither for plain HTTP");
        }
        cert.filter(p -> !Files.isReadable(p)).ifPresent(p -> reader.problem("http.tls.cert: " + p + " is not a readable file"));
        key.filter(p -> !Files.isReadable(p)).ifPresent(p -> reader.problem("http.tls.key: " + p + " is not a readable file"));
        Optional<TlsConfig> tlsConfig = cert.isPresent() && key.isPresent()
                ? Optional.of(new TlsConfig(cert.get(), key.get())) : Optional.empty();
        tlsConfig.filter(t -> Files.isReadable(t.certFile()) && Files.isReadable(t.keyFile())).ifPresent(t -> {
            // Read now, so that a bad file is refused with the settings' names before anything is started.
            try {
                t.load();
            } catch (RuntimeException e) {
                reader.problem("http.tls: " + t.certFile() + " and " + t.keyFile() + " must hold a PEM certificate"
                        + " chain and an unencrypted PKCS#8 private key (PEM): " + e.getMessage());
            }
        });
        return new HttpConfig(host, port, bodyLimit, tlsConfig);
    }
}
