package dev.loom.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's whole configuration: {@code loom.yaml} with every setting overridable by an environment
 * variable (docs/CONFIGURATION.md lists them all).
 *
 * @param env           development or production
 * @param nodeId        this node's id (empty: the runtime picks a random one)
 * @param store         which store and where
 * @param http          the listener
 * @param logging       log level and format
 * @param tokens        API tokens (empty: a generated admin token file in development, refused in production)
 * @param actors        policy overrides by actor type
 * @param actorSources  actor jars to load and whether the example actors are registered
 * @param runtime       actor runtime settings
 * @param rateLimits    request rate limits
 * @param breakers      circuit breaker settings
 * @param slowEndpoints slow endpoint thresholds
 * @param tracing       span export and the recent traces this node keeps
 */
public record LoomConfig(DeploymentEnv env, Optional<String> nodeId, StoreConfig store, HttpConfig http,
                         LoggingConfig logging, List<TokenConfig> tokens, Map<String, ActorPolicy> actors,
                         ActorSources actorSources, RuntimeConfig runtime, RateLimitConfig rateLimits,
                         BreakerConfig breakers, SlowEndpointConfig slowEndpoints, TracingConfig tracing) {

    private static final Set<String> TOP = Set.of("env", "nodeId", "store", "http", "logging", "tokens", "actors",
            "runtime", "rateLimits", "breakers", "slowEndpoints", "tracing");

    public LoomConfig {
        tokens = List.copyOf(tokens);
        actors = Map.copyOf(actors);
    }

    /**
     * Loads the configuration: defaults, then {@code yamlFile} if given, then environment overrides.
     *
     * @param yamlFile the YAML file (usually {@code loom.yaml}); empty for defaults and environment only
     * @param env      the environment (usually {@code System.getenv()})
     * @throws ConfigException listing every problem: unreadable or malformed file, unknown keys, wrong types,
     *                         impossible values (each with its key's path and what was expected)
     */
    public static LoomConfig load(Optional<Path> yamlFile, Map<String, String> env) {
        ConfigReader reader = new ConfigReader(env);
        JsonNode root = yamlFile.map(f -> parseYaml(f, reader)).orElse(MissingNode.getInstance());
        LoomConfig config = ConfigSchema.read(reader, reader.root(root, TOP));
        if (!reader.problems().isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return config;
    }

    /**
     * Loads only what opening the store needs ({@code env} and the {@code store} section), from the same file and
     * environment as {@link #load}: commands that open a store without running a server (the demo, {@code --direct}
     * reads, offline backups) open the store the server would, and are not stopped by a problem in, say, the HTTP
     * settings. Unknown top-level keys are still refused.
     *
     * @throws ConfigException listing every problem in those settings
     */
    public static StoreConfig loadStore(Optional<Path> yamlFile, Map<String, String> env) {
        ConfigReader reader = new ConfigReader(env);
        JsonNode root = yamlFile.map(f -> parseYaml(f, reader)).orElse(MissingNode.getInstance());
        StoreConfig store = ConfigSchema.readStore(reader, reader.root(root, TOP));
        if (!reader.problems().isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return store;
    }

    /** Every setting with its path, environment variable and default. */
    public static List<SettingInfo> settings() {
        ConfigReader reader = new ConfigReader(Map.of());
        ConfigSchema.read(reader, reader.root(MissingNode.getInstance(), TOP));
        return List.copyOf(reader.settings());
    }

    private static JsonNode parseYaml(Path file, ConfigReader reader) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return MissingNode.getInstance();
            }
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode node = yaml.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            reader.problem(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            reader.problem(file + ": cannot read the configuration file: " + e);
        }
        return MissingNode.getInstance();
    }

    /** This configuration with other tokens (the server adds a development admin token when none is configured). */
    public LoomConfig withTokens(List<TokenConfig> newTokens) {
        return new LoomConfig(env, nodeId, store, http, logging, newTokens, actors, actorSources, runtime, rateLimits,
                breakers, slowEndpoints, tracing);
    }

    /**
     * What {@code validate-production} must refuse: settings that lose data or leave the server unprotected
     * in production. Empty when the configuration is fit for production.
     */
    public List<String> productionProblems() {
        return ProductionCheck.problems(this);
    }

    /** What {@code validate-production} reports without refusing (e.g. plain HTTP without TLS). */
    public List<String> productionWarnings() {
        return ProductionCheck.warnings(this);
    }

    /** This configuration with another HTTP port (tests and the CLI's --port). */
    public LoomConfig withHttpPort(int port) {
        return new LoomConfig(env, nodeId, store, new HttpConfig(http.host(), port, http.bodyLimit(), http.tls()), logging, tokens,
                actors, actorSources, runtime, rateLimits, breakers, slowEndpoints, tracing);
    }

    /** The effective configuration as JSON, secrets shown as {@code ***} (token files by path). */
    public JsonNode redacted() {
        return EffectiveConfig.of(this);
    }
}
