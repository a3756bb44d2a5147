package dev.loom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.breaker.BreakerSettings;
import dev.loom.spi.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoomConfigTest {
    static final String LONG = "a-token-that-is-long-enough-0123456789";

    @Test
    void defaults() {
        LoomConfig c = LoomConfig.load(Optional.empty(), Map.of());
        assertThat(c.env()).isEqualTo(DeploymentEnv.DEVELOPMENT);
        assertThat(c.store().kind()).isEqualTo("sqlite");
        assertThat(c.store().location()).isEqualTo(new StoreLocation.File(Path.of("data", "loom.db")));
        assertThat(c.http().port()).isEqualTo(3000);
        assertThat(c.http().bodyLimit()).isEqualTo(1024 * 1024);
        assertThat(c.http().tls()).isEmpty();
        assertThat(c.http().host()).as("development listens on loopback only").isEqualTo("127.0.0.1");
        assertThat(c.rateLimits().perToken()).as("per-token limit off unless configured").isEmpty();
        assertThat(c.rateLimits().perClient()).contains(new RateLimit(100, 200));
        assertThat(c.logging()).isEqualTo(new LoggingConfig("info", LogFormat.TEXT));
        assertThat(c.tokens()).isEmpty();
        assertThat(c.tokens()).isEmpty();
        assertThat(c.runtime().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.slowEndpoints().p95Millis()).isEqualTo(500);
        assertThat(c.slowEndpoints().p99Millis()).isEqualTo(1000);
    }

    @Test
    void yamlIsReadAndEnvironmentOverridesIt(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                env: production
                nodeId: n1
                store: {type: memory, dataDir: /var/lib/loom}
                http: {port: 8080, bodyLimit: 2MiB}
                logging: {level: debug, format: json}
                tokens:
                  - token: %s
                    role: admin
                  - token: %s-w
                    role: writer
                    scope: {actorTypes: [counter], idPrefix: "t-"}
                actors:
                  counter:
                    retry: {maxAttempts: 3, initialDelay: 50ms, maxDelay: 2s, multiplier: 3}
                    snapshotEvery: 10
                    retainJournal: true
                    passivateAfter: PT1M
                runtime: {maxActiveActors: 10, passivateAfter: 1m, leaseTtl: 5s, idempotencyTtl: 1h, drainTimeout: 10s}
                rateLimits: {perToken: {requestsPerSecond: 5, burst: 10}, perClient: {requestsPerSecond: 0, burst: 1}}
                breakers: {failureThreshold: 3, successThreshold: 1, openTimeout: 5s}
                slowEndpoints: {p95Ms: 100, p99Ms: 200, window: PT1M}
                """.formatted(LONG, LONG));
        LoomConfig c = LoomConfig.load(Optional.of(yaml), Map.of("LOOM_HTTP_PORT", "9090", "LOOM_STORE", "sqlite",
                "LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "7", "LOOM_RUNTIME_LEASE_TTL", "PT20S"));
        assertThat(c.env()).isEqualTo(DeploymentEnv.PRODUCTION);
        assertThat(c.nodeId()).contains("n1");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().bodyLimit()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.store().kind()).isEqualTo("sqlite");
        assertThat(c.store().dataDir()).isEqualTo(Path.of("/var/lib/loom"));
        assertThat(c.store().location()).isEqualTo(new StoreLocation.File(Path.of("/var/lib/loom/loom.db")));
        assertThat(c.logging()).isEqualTo(new LoggingConfig("debug", LogFormat.JSON));
        assertThat(c.tokens()).hasSize(2);
        assertThat(c.tokens().get(1).scope().permits(dev.loom.actor.ActorRef.of("counter", "t-1"))).isTrue();
        assertThat(c.tokens().get(1).scope().permits(dev.loom.actor.ActorRef.of("counter", "u-1"))).isFalse();
        ActorPolicy counter = c.actors().get("counter");
        assertThat(counter.maxAttempts()).contains(3);
        assertThat(counter.initialDelay()).contains(Duration.ofMillis(50));
        assertThat(counter.multiplier()).contains(3.0);
        assertThat(counter.retainJournal()).contains(true);
        assertThat(c.actors().get("email-sender").maxAttempts()).contains(7);
        assertThat(c.runtime().leaseTtl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.runtime().leaseSafetyMargin()).as("unset: a third of the TTL").isEqualTo(Duration.ofSeconds(20).dividedBy(3));
        assertThat(c.rateLimits().perClient()).as("rate 0 turns it off").isEmpty();
        assertThat(c.rateLimits().perToken()).contains(new RateLimit(5, 10));
        assertThat(c.http().host()).as("production listens on all interfaces").isEqualTo("0.0.0.0");
        assertThat(c.breakers().settings().failureThreshold()).isEqualTo(3);
        assertThat(c.slowEndpoints().defaultWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.redacted().toString()).doesNotContain(LONG).contains("***");
    }

    @Test
    void tlsFilesThatAreNotPemKeysAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key\n");
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_HTTP_TLS_CERT", cert.toString(),
                "LOOM_HTTP_TLS_KEY", key.toString(), "LOOM_DATA_DIR", dir.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("http.tls: " + cert + " and " + key + " must hold")));
    }

    @Test
    void everyProblemIsListedWithItsPathAndWhatWasExpected(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                colour: blue
                http: {port: 70000, bodyLimit: lots, tls: {cert: /nope.pem}}
                runtime: {leaseTtl: -5s, leaseSafetyMargin: 1m, maxActiveActors: "ten", drainTimeout: 0s}
                tokens:
                  - token: ""
                    role: god
                actors:
                  counter: {retry: {maxAttempts: 0, initialDelay: 5s, maxDelay: 1s}, colour: red}
                breakers: {failureThreshold: 0}
                """);
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of("LOOM_ENV", "staging", "LOG_FORMAT", "xml",
                "LOOM_ACTORS_COUNTER_COLOUR", "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("colour: unknown setting")).anySatisfy(
                        p -> assertThat(p).startsWith("http.port: expected an integer from 0 to 65535, got 70000")).anySatisfy(
                        p -> assertThat(p).startsWith("http.bodyLimit: expected a size")).anySatisfy(
                        p -> assertThat(p).startsWith("http.tls: set both cert and key")).anySatisfy(
                        p -> assertThat(p).startsWith("http.tls.cert: /nope.pem is not a readable file")).anySatisfy(
                        p -> assertThat(p).startsWith("runtime.leaseTtl: expected a positive duration")).anySatisfy(
                        p -> assertThat(p).startsWith("runtime.leaseSafetyMargin: PT1M is not below runtime.leaseTtl")).anySatisfy(
                        p -> assertThat(p).startsWith("runtime.maxActiveActors: expected an integer")).anySatisfy(
                        p -> assertThat(p).startsWith("runtime.drainTimeout: expected a positive duration")).anySatisfy(
                        p -> assertThat(p).startsWith("tokens[0].token: expected")).anySatisfy(
                        p -> assertThat(p).startsWith("tokens[0].role: expected one of reader, writer, admin")).anySatisfy(
                        p -> assertThat(p).startsWith("actors.counter.colour: unknown setting")).anySatisfy(
                        p -> assertThat(p).startsWith("actors.counter.retry.maxAttempts: expected an integer from 1")).anySatisfy(
                        p -> assertThat(p).startsWith("actors.counter.retry.maxDelay: PT1S is less than initialDelay")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.failureThreshold: expected an integer from 1")).anySatisfy(
                        p -> assertThat(p).startsWith("env (from LOOM_ENV): expected one of development, production")).anySatisfy(
                        p -> assertThat(p).startsWith("logging.format (from LOG_FORMAT): expected one of text, json")).anySatisfy(
                        p -> assertThat(p).startsWith("LOOM_ACTORS_COUNTER_COLOUR: unknown setting")));
    }

    @Test
    void namedBreakersTakeTheirOwnSettingsFallBackToTheSectionsAndCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                breakers:
                  failureThreshold: 4
                  openTimeout: 20s
                  named:
                    payment-gateway: {failureThreshold: 5, successThreshold: 3, openTimeout: 60s}
                    geo.lookup: {successThreshold: 1}
                """);
        BreakerConfig b = LoomConfig.load(Optional.of(yaml), Map.of(
                "LOOM_BREAKERS_NAMED_PAYMENT_GATEWAY_OPEN_TIMEOUT", "2m",
                "LOOM_BREAKERS_NAMED_MAILER_FAILURE_THRESHOLD", "9")).breakers();
        assertThat(b.settings()).isEqualTo(new BreakerSettings(4, 2, Duration.ofSeconds(20)));
        assertThat(b.named()).containsOnlyKeys("payment-gateway", "geo.lookup", "mailer");
        assertThat(b.named().get("payment-gateway")).as("the environment wins")
                .isEqualTo(new BreakerSettings(5, 3, Duration.ofMinutes(2)));
        assertThat(b.named().get("geo.lookup")).isEqualTo(new BreakerSettings(4, 1, Duration.ofSeconds(20)));
        assertThat(b.named().get("mailer")).as("named by the environment only")
                .isEqualTo(new BreakerSettings(9, 2, Duration.ofSeconds(20)));
        assertThat(LoomConfig.load(Optional.of(yaml), Map.of()).redacted().path("breakers").path("named")
                .path("payment-gateway").path("openTimeout").asText()).isEqualTo("PT1M");
    }

    @Test
    void badNamedBreakerSettingsAreProblemsNamingTheBreaker(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                breakers:
                  named:
                    payment-gateway: {failureThreshold: 0, timeout: 60s, openTimeout: soon}
                    Bad_Name: {failureThreshold: 2}
                    mailer: 3
                """);
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of(
                "LOOM_BREAKERS_NAMED_MAILER_COLOUR", "red",
                "LOOM_BREAKERS_NAMED_GEO_SUCCESS_THRESHOLD", "many")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.payment-gateway.failureThreshold: expected an integer from 1")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.payment-gateway.timeout: unknown setting; expected one of")
                                .contains("openTimeout")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.payment-gateway.openTimeout: expected a positive duration")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.Bad_Name: not a valid circuit breaker name")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.mailer: expected a mapping, got 3")).anySatisfy(
                        p -> assertThat(p).startsWith("LOOM_BREAKERS_NAMED_MAILER_COLOUR: unknown setting")).anySatisfy(
                        p -> assertThat(p).startsWith("breakers.named.geo.successThreshold (from LOOM_BREAKERS_NAMED_GEO_SUCCESS_THRESHOLD):"
                                + " expected an integer from 1")));
        Files.writeString(yaml, "breakers: {named: [payment-gateway]}\n");
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("breakers.named: expected a mapping of breaker name to its settings, got a list"));
    }

    @Test
    void malformedYamlAndDuplicateKeysAreReported(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, "http:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML").hasMessageContaining("port");
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(dir.resolve("missing.yaml")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read the configuration file");
    }

    @Test
    void productionWithoutTokensIsAConfigErrorAndProductionProblemsAreListed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokens: none configured");
        LoomConfig weak = LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production", "LOOM_STORE", "memory",
                "LOOM_TOKENS", "writer:short-token"));
        assertThat(weak.productionProblems()).anySatisfy(p -> assertThat(p).contains("store.type is memory"))
                .anySatisfy(p -> assertThat(p).contains("no token has the admin role"))
                .anySatisfy(p -> assertThat(p).contains("11 characters").doesNotContain("short-token"));
        assertThat(weak.productionWarnings()).anySatisfy(p -> assertThat(p).startsWith("http.tls is not set"));
        Path file = dir.resolve("admin.token");
        Files.writeString(file, LONG + "\n");
        LoomConfig good = LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production",
                "LOOM_TOKENS", "admin:file:" + file, "LOOM_DATA_DIR", dir.toString()));
        assertThat(good.productionProblems()).isEmpty();
        assertThat(good.tokens().get(0).secret().file()).contains(file);
        assertThat(LoomConfig.load(Optional.empty(), Map.of()).productionProblems())
                .anySatisfy(p -> assertThat(p).contains("env is development"));
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_TOKENS", "admin:file:" + dir.resolve("nope"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not readable");
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_TOKENS", "root:abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOOM_TOKENS entry 1").hasMessageNotContaining("abc");
    }

    @Test
    void theBindAddressCanBeSetAndIsChecked() {
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_HTTP_HOST", "0.0.0.0")).http().host()).isEqualTo("0.0.0.0");
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production", "LOOM_TOKENS", "admin:" + LONG,
                "LOOM_HTTP_HOST", "10.0.0.5")).http().host()).isEqualTo("10.0.0.5");
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_HTTP_HOST", "::1")).redacted().path("http")
                .path("host").asText()).isEqualTo("::1");
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_HTTP_HOST", "http://10.0.0.5:3000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.host (from LOOM_HTTP_HOST): expected a host name or IP address");
    }

    @Test
    void aRateLimitIsOffAtRateZeroItsBurstDefaultsToTwiceTheRateAndABurstAloneIsAMistake() {
        RateLimitConfig only = LoomConfig.load(Optional.empty(), Map.of(
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "1000",
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0.2")).rateLimits();
        assertThat(only.perToken()).contains(new RateLimit(1000, 2000));
        assertThat(only.perClient()).contains(new RateLimit(0.2, 1));
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0"))
                .rateLimits().perClient()).isEmpty();
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_RATE_LIMITS_PER_TOKEN_BURST", "50")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rateLimits.perToken.burst: has no effect without rateLimits.perToken.requestsPerSecond");
    }

    @Test
    void anEmptyLoomTokensIsTheSameAsNotSettingIt(@TempDir Path dir) throws Exception {
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_TOKENS", "")).tokens()).isEmpty();
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_TOKENS", "  ")).tokens()).isEmpty();
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, "tokens:\n  - {token: " + LONG + ", role: admin}\n");
        assertThat(LoomConfig.load(Optional.of(yaml), Map.of("LOOM_TOKENS", "")).tokens())
                .as("an empty LOOM_TOKENS does not replace the YAML list").hasSize(1);
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production", "LOOM_TOKENS", "")))
                .as("so production still refuses to start without tokens")
                .isInstanceOf(ConfigException.class).hasMessageContaining("tokens: none configured");
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_TOKENS", "admin:" + LONG + ",,writer:" + LONG + "w")))
                .as("an empty entry after a real one is still a mistake")
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOOM_TOKENS entry 2");
    }

    @Test
    void configurationDocumentListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        for (SettingInfo s : LoomConfig.settings()) {
            assertThat(doc).as("docs/CONFIGURATION.md documents " + s.path()).contains("`" + s.path() + "`");
            assertThat(doc).as("docs/CONFIGURATION.md names " + s.envVar()).contains("`" + s.envVar() + "`");
        }
    }

    @Test
    void storeSettingsComeFromTheProvidersSectionAndTheEnvironmentOverridesThem(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                store:
                  type: sqlite
                  dataDir: %s
                  sqlite: {file: %s, synchronous: NORMAL}
                """.formatted(dir, dir.resolve("custom.db")));
        StoreConfig store = LoomConfig.load(Optional.of(yaml), Map.of()).store();
        assertThat(store.location()).isEqualTo(new StoreLocation.File(dir.resolve("custom.db")));
        assertThat(store.settings().text("synchronous")).contains("normal");

        StoreConfig fromEnv = LoomConfig.load(Optional.of(yaml), Map.of("LOOM_STORE_SQLITE_FILE", dir.resolve("env.db").toString(),
                "LOOM_STORE_SQLITE_SYNCHRONOUS", "full")).store();
        assertThat(fromEnv.location()).isEqualTo(new StoreLocation.File(dir.resolve("env.db")));
        assertThat(fromEnv.settings().text("synchronous")).contains("full");
        assertThat(LoomConfig.load(Optional.of(yaml), Map.of()).redacted().path("store").path("sqlite").path("file").asText())
                .isEqualTo(dir.resolve("custom.db").toString());
        assertThat(LoomConfig.loadStore(Optional.of(yaml), Map.of("LOOM_STORE", "memory")).kind()).isEqualTo("memory");
    }

    @Test
    void aStoreSectionOfNoProviderAnUnknownKindAndBadStoreSettingsAreProblems(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                store:
                  type: redis
                  redis: {url: "redis://cache:6379"}
                  postgres: {url: "mysql://db/loom"}
                  memory: {size: 3}
                  sqlite: {file: %s, synchronous: sometimes, colour: red}
                """.formatted(dir));
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                        p -> assertThat(p).startsWith("store.type: expected one of memory, postgres, sqlite, got \"redis\"")).anySatisfy(
                        p -> assertThat(p).startsWith("store.redis: unknown setting").contains("(memory, postgres, sqlite)")).anySatisfy(
                        p -> assertThat(p).startsWith("store.postgres.url: expected a jdbc:postgresql://")).anySatisfy(
                        p -> assertThat(p).startsWith("store.memory: the memory store takes no settings")).anySatisfy(
                        p -> assertThat(p).startsWith("store.sqlite.synchronous: expected one of full, normal")).anySatisfy(
                        p -> assertThat(p).startsWith("store.sqlite.colour: unknown setting")).anySatisfy(
                        p -> assertThat(p).startsWith("store.sqlite.file: " + dir + " is a directory")));
        assertThatThrownBy(() -> LoomConfig.loadStore(Optional.empty(), Map.of("LOOM_STORE", "redis")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.type (from LOOM_STORE): expected one of memory, postgres, sqlite");
    }

    @Test
    void productionRefusesAStoreThatIsNotDurableAndWarnsAboutAMissingStoreDirectory(@TempDir Path dir) {
        Map<String, String> env = Map.of("LOOM_ENV", "production", "LOOM_TOKENS", "admin:" + LONG,
                "LOOM_DATA_DIR", dir.resolve("not-yet").toString());
        LoomConfig sqlite = LoomConfig.load(Optional.empty(), env);
        assertThat(sqlite.productionProblems()).isEmpty();
        assertThat(sqlite.productionWarnings()).anySatisfy(w -> assertThat(w).contains(dir.resolve("not-yet").toString())
                .contains("does not exist yet"));
        var memoryEnv = new java.util.HashMap<>(env);
        memoryEnv.put("LOOM_STORE", "memory");
        assertThat(LoomConfig.load(Optional.empty(), memoryEnv).productionProblems()).singleElement().asString()
                .startsWith("store.type is memory: the memory store is not durable").contains("use a durable store: postgres or sqlite");
    }

    @Test
    void actorJarsAreAPathOrAListAndExamplesFollowTheEnvironment(@TempDir Path dir) throws Exception {
        LoomConfig dev = LoomConfig.load(Optional.empty(), Map.of());
        assertThat(dev.actorSources()).isEqualTo(new ActorSources(java.util.List.of(), true));
        LoomConfig prod = LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production", "LOOM_TOKENS", "admin:" + LONG));
        assertThat(prod.actorSources().examples()).as("no examples in production by default").isFalse();

        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_ACTORS_JARS", "/a.jar, /b.jar:/srv/actors",
                "LOOM_ACTORS_EXAMPLES", "false")).actorSources())
                .isEqualTo(new ActorSources(java.util.List.of(Path.of("/a.jar"), Path.of("/b.jar"), Path.of("/srv/actors")), false));
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                actors:
                  jars: [/opt/loom/actors, /srv/extra.jar]
                  examples: false
                  counter: {snapshotEvery: 7}
                """);
        LoomConfig fromYaml = LoomConfig.load(Optional.of(yaml), Map.of());
        assertThat(fromYaml.actorSources().jars()).containsExactly(Path.of("/opt/loom/actors"), Path.of("/srv/extra.jar"));
        assertThat(fromYaml.actors()).as("jars and examples are no actor types").containsOnlyKeys("counter");
        assertThat(fromYaml.redacted().path("actors").path("jars").toString()).contains("/srv/extra.jar");
        assertThat(LoomConfig.load(Optional.empty(), Map.of("LOOM_ACTORS_JARS", "/srv/one.jar")).actorSources().jars())
                .containsExactly(Path.of("/srv/one.jar"));
    }

    @Test
    void examplesAreRefusedInProductionAndFlaggedByTheProductionCheck() {
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_ENV", "production",
                "LOOM_TOKENS", "admin:" + LONG, "LOOM_ACTORS_EXAMPLES", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actors.examples: the example actors are for development only");
        assertThat(LoomConfig.load(Optional.empty(), Map.of()).productionProblems())
                .anySatisfy(p -> assertThat(p).startsWith("actors.examples is true"));
    }

    @Test
    void theNamesOfTheActorSourceSettingsAreNoActorTypes(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> LoomConfig.load(Optional.empty(), Map.of("LOOM_ACTORS_JARS_RETRY_MAX_ATTEMPTS", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actors.jars: is a setting of its own (actors.jars, actors.examples), so no actor"
                        + " type named 'jars' can be configured");
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, "actors: {jars: {retry: {maxAttempts: 3}}}\n");
        assertThatThrownBy(() -> LoomConfig.load(Optional.of(yaml), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actors.jars: expected a path or a list of paths (jar files or directories of jars), got a mapping");
    }
}
