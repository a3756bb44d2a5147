package dev.loom.server;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.breaker.Breakers;
import dev.loom.config.ConfigException;
import dev.loom.config.DeploymentEnv;
import dev.loom.config.LoomConfig;
import dev.loom.health.HealthChecker;
import dev.loom.http.Dispatcher;
import dev.loom.http.HttpTracing;
import dev.loom.http.RequestGate;
import dev.loom.http.RouteTable;
import dev.loom.http.routes.RouteCatalog;
import dev.loom.http.routes.ServerContext;
import dev.loom.metrics.HttpMetrics;
import dev.loom.metrics.MetricsRegistry;
import dev.loom.metrics.PipelineGauges;
import dev.loom.metrics.QueueGauges;
import dev.loom.metrics.RuntimeGauges;
import dev.loom.metrics.SlowEndpointRecorder;
import dev.loom.runtime.Loom;
import dev.loom.server.connection.ProtocolSelector;
import dev.loom.server.tracing.ServerTelemetry;
import dev.loom.server.connection.TransportErrors;
import dev.loom.runtime.LoomBuilder;
import dev.loom.spi.Store;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Loom server: the store, the actor runtime over it, and the HTTP API on one port.
 *
 * <p>{@code loom server} starts one with {@link #start(LoomConfig)}; an application with its own {@code main} uses
 * {@link #builder()} to add actor types in code. Either way the server runs only the actor types it is given: the
 * builder's, the jars of {@code actors.jars}, and the example actors only when {@code actors.examples} is true
 * (the default in development; refused in production).
 *
 * <p>{@link #start} returns once the port is bound and the runtime started. SIGTERM (or {@link #shutdown})
 * drains gracefully: readiness turns 503 and new sends are refused with 503, in-flight turns finish and
 * commit, leases are released, then the HTTP listener and the store close. After a SIGTERM the process
 * exits with status 0 when the drain completed within the drain timeout.
 */
public final class LoomServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoomServer.class);
    private static final Duration TLS_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration GAUGE_TTL = Duration.ofSeconds(2);
    /** The pipeline gauges read every run's state, so they are refreshed less often than the others. */
    private static final Duration PIPELINE_GAUGE_TTL = Duration.ofSeconds(10);

    private final LoomConfig config;
    private final ServerActors actors;
    private final Store store;
    private final Loom loom;
    private final MetricsRegistry metrics;
    private final Lifecycle lifecycle;
    private final WebServer web;
    private final Optional<TlsReloader> tlsReloader;
    private final ServerTelemetry telemetry;
    private final Thread shutdownHook;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean drainedCleanly;

    private LoomServer(LoomConfig config, ServerActors actors, Store store, Loom loom, MetricsRegistry metrics,
                       Lifecycle lifecycle, WebServer web, Optional<TlsReloader> tlsReloader, ServerTelemetry telemetry) {
        this.config = config;
        this.actors = actors;
        this.store = store;
        this.loom = loom;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.web = web;
        this.tlsReloader = tlsReloader;
        this.telemetry = telemetry;
        this.shutdownHook = new Thread(() -> shutdown(drainTimeout()), "loom-shutdown-hook");
    }

    /**
     * Starts a server on {@code config} with the actors it configures (the jars of {@code actors.jars}, and the
     * example actors when {@code actors.examples} is true); the same as {@code builder().config(config).start()}.
     *
     * @throws ConfigException              if an actor jar cannot be loaded, two actor types share a name, no actor type
     *                                      is left, or a configured actor type is not registered or its policies are impossible
     * @throws dev.loom.spi.StoreException  if the store cannot be opened
     * @throws UncheckedIOException         if the TLS files cannot be read
     * @throws ListenerException            if the HTTP listener cannot be opened on {@code http.host:http.port}
     */
    public static LoomServer start(LoomConfig config) {
        return builder().config(config).start();
    }

    /**
     * A server for an application's own {@code main}: the same configuration and behaviour as {@code loom server},
     * with actor types added in code.
     *
     * <pre>{@code
     * LoomConfig config = LoomConfig.load(Optional.of(Path.of("loom.yaml")), System.getenv());
     * try (LoomServer server = LoomServer.builder().config(config).actor(Orders.type()).start()) {
     *     server.awaitTermination();   // until SIGTERM or server.shutdown(...)
     * }
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds and starts a {@link LoomServer}. The server registers the types given here, then those its
     * configuration names ({@code actors.jars}; the example actors only when {@code actors.examples} is true, which
     * an embedding application running in development usually turns off), and nothing else from the class path.
     * Not thread-safe; one builder starts one server.
     */
    public static final class Builder {
        private LoomConfig config;
        private final List<ServerActors.Given> actors = new ArrayList<>();

        private Builder() {
        }

        /** The configuration (required): {@code LoomConfig.load(yamlFile, System.getenv())} reads it as the CLI does. */
        public Builder config(LoomConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Registers an actor type; its name must not clash with any other type the server registers. */
        public Builder actor(ActorType<?, ?> type) {
            Objects.requireNonNull(type, "type");
            actors.add(new ServerActors.Given(type, "LoomServer.builder().actor(...)"));
            return this;
        }

        /** Registers every type of {@code provider} (asked once, now). */
        public Builder actors(ActorTypeProvider provider) {
            String origin = "LoomServer.builder().actors(" + provider.getClass().getName() + ")";
            provider.actorTypes().forEach(t -> actors.add(new ServerActors.Given(Objects.requireNonNull(t, "type"), origin)));
            return this;
        }

        /**
         * Loads the actors, opens the store, starts the runtime and the HTTP listener, and installs SIGTERM handling
         * (SIGTERM drains every running server and exits the process) and a JVM shutdown hook that drains this one.
         * Returns once the port is bound. Stop it with {@link LoomServer#shutdown} or {@link LoomServer#close}.
         *
         * @throws IllegalStateException        if no configuration was given
         * @throws ConfigException              if an actor jar cannot be loaded, two actor types share a name, no actor
         *                                      type is left, or a configured actor type is not registered or its
         *                                      policies are impossible
         * @throws dev.loom.spi.StoreException  if the store cannot be opened
         * @throws UncheckedIOException         if the TLS files cannot be read
         * @throws ListenerException            if the HTTP listener cannot be opened on {@code http.host:http.port}
         */
        public LoomServer start() {
            if (config == null) {
                throw new IllegalStateException("LoomServer.builder() needs config(...), e.g. "
                        + "LoomConfig.load(Optional.of(Path.of(\"loom.yaml\")), System.getenv())");
            }
            return LoomServer.start(config, List.copyOf(actors));
        }
    }

    private static LoomServer start(LoomConfig configured, List<ServerActors.Given> given) {
        LoggingSetup.apply(configured.logging());
        warnAboutRisks(configured);
        ServerActors actors = ServerActors.assemble(configured, given, LoomServer.class.getClassLoader());
        try {
            return start(configured, actors);
        } catch (RuntimeException e) {
            actors.close();
            throw e;
        }
    }

    private static LoomServer start(LoomConfig configured, ServerActors actors) {
        LoomConfig config = DevelopmentToken.ensure(configured);
        Clock clock = Clock.systemUTC();
        MetricsRegistry metrics = new MetricsRegistry();
        Store store = config.store().open();
        LOG.info("opened the {} store at {}", config.store().kind(), config.store().location().describe());
        Loom loom = null;
        WebServer web = null;
        ServerTelemetry telemetry = null;
        try {
            telemetry = ServerTelemetry.configure(config.tracing(), clock);
            Breakers breakers = new Breakers(config.breakers().settings(), config.breakers().named(), clock);
            loom = buildLoom(config, actors, store, metrics, breakers, telemetry.openTelemetry());
            metrics.bindBreakers(breakers);
            RuntimeGauges.bind(metrics.registry(), loom, GAUGE_TTL);
            QueueGauges queues = new QueueGauges(metrics.registry(), store.messages(), clock, GAUGE_TTL,
                    loom.actorTypes().stream().map(ActorType::name).toList());
            metrics.beforeScrape(new PipelineGauges(metrics.registry(), loom.pipelines(), clock, PIPELINE_GAUGE_TTL)::refresh);
            Lifecycle lifecycle = new Lifecycle(clock);
            SlowEndpointRecorder slow = new SlowEndpointRecorder(clock);
            ServerContext ctx = new ServerContext(loom, config, lifecycle, new HealthChecker(loom, lifecycle, clock),
                    metrics, queues, slow, telemetry.recent());
            RouteTable routes = RouteCatalog.build(ctx);
            HttpMetrics httpMetrics = new HttpMetrics(metrics.registry(), slow);
            Dispatcher dispatcher = new Dispatcher(routes, new RequestGate(config), config.http().bodyLimit(), httpMetrics,
                    new HttpTracing(telemetry.openTelemetry()));
            web = webServer(config, dispatcher, httpMetrics).start();
            if (!web.isRunning()) {
                // Helidon logs a listener that failed to bind and returns a stopped server instead of throwing.
                throw ListenerException.cannotListen(config.http().host(), config.http().port());
            }
            Optional<TlsReloader> reloader = config.http().tls().isPresent()
                    ? Optional.of(new TlsReloader(config.http().tls().get(), web, TLS_CHECK_INTERVAL)) : Optional.empty();
            loom.start();
            lifecycle.running();
            LoomServer server = new LoomServer(config, actors, store, loom, metrics, lifecycle, web, reloader, telemetry);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            SignalHandling.register(server);
            LOG.info("Loom server listening on {}:{} ({}), node {}, store {}, env {}", config.http().host(), web.port(),
                    reloader.isPresent() ? "https" : "http", loom.nodeId(), store.name(), config.env().label());
            return server;
        } catch (IOException e) {
            abort(loom, web, store, metrics, telemetry);
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abort(loom, web, store, metrics, telemetry);
            throw e;
        }
    }

    private static void abort(Loom loom, WebServer web, Store store, MetricsRegistry metrics, ServerTelemetry telemetry) {
        if (web != null) {
            web.stop();
        }
        if (loom != null) {
            loom.shutdown(Duration.ofSeconds(5));
        }
        if (telemetry != null) {
            telemetry.close();
        }
        store.close();
        metrics.close();
    }

    private static void warnAboutRisks(LoomConfig config) {
        if (config.env() == DeploymentEnv.PRODUCTION && !config.store().provider().capabilities().durable()) {
            LOG.warn("!!! LOOM_ENV=production with a store that is not durable: every message and every actor state"
                    + " is LOST when this process stops. {} !!!", config.productionProblems().stream()
                    .filter(p -> p.startsWith("store.type")).findFirst().orElse(""));
        }
    }

    private static Loom buildLoom(LoomConfig config, ServerActors actors, Store store, MetricsRegistry metrics,
                                  Breakers breakers, OpenTelemetry otel) {
        LoomBuilder b = Loom.builder().store(store).meterRegistry(metrics.registry()).breakers(breakers)
                .maxActiveActors(config.runtime().maxActiveActors()).passivateAfter(config.runtime().passivateAfter())
                .leaseTtl(config.runtime().leaseTtl()).leaseSafetyMargin(config.runtime().leaseSafetyMargin())
                .idempotencyTtl(config.runtime().idempotencyTtl())
                .drainTimeout(config.runtime().drainTimeout())
                .enablePipelines();
        actors.types().forEach(b::actor);
        config.nodeId().ifPresent(b::nodeId);
        b.openTelemetry(otel);
        return b.build();
    }

    private static WebServer webServer(LoomConfig config, Dispatcher dispatcher, HttpMetrics httpMetrics) {
        WebServerConfig.Builder web = WebServer.builder()
                .host(config.http().host())
                .port(config.http().port())
                .shutdownHook(false)
                .addConnectionSelector(new ProtocolSelector(httpMetrics))
                .directHandlers(TransportErrors.jsonHandlers(httpMetrics))
                .routing(r -> r.any(dispatcher));
        config.http().tls().ifPresent(t -> web.tls(t.load()));
        return web.build();
    }

    /** The bound HTTP port. */
    public int port() {
        return web.port();
    }

    /** Whether the listener speaks HTTPS. */
    public boolean secure() {
        return web.hasTls();
    }

    /** The runtime. */
    public Loom loom() {
        return loom;
    }

    /** The configured drain timeout. */
    public Duration drainTimeout() {
        return config.runtime().drainTimeout();
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Drains and stops: readiness 503 and sends refused at once, in-flight turns finish and commit within
     * {@code drainTimeout}, leases released, listener and store closed. Idempotent; a concurrent caller waits
     * for the first one's drain.
     *
     * @return true if every in-flight turn finished within the timeout
     */
    public boolean shutdown(Duration drainTimeout) {
        if (!lifecycle.beginDraining()) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return drainedCleanly;
        }
        LOG.info("Loom server draining (timeout {})", drainTimeout);
        try {
            drainedCleanly = loom.shutdown(drainTimeout);
            web.stop();
            tlsReloader.ifPresent(TlsReloader::close);
            telemetry.close();
            store.close();
            metrics.close();
            actors.close();
            LOG.info("Loom server stopped{}", drainedCleanly ? "" : " (drain timed out)");
        } finally {
            lifecycle.stopped();
            SignalHandling.unregister(this);
            removeHook();
            terminated.countDown();
        }
        return drainedCleanly;
    }

    private void removeHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM already shutting down; hook stays registered");
        }
    }

    /** {@code shutdown} with the configured drain timeout. */
    @Override
    public void close() {
        shutdown(drainTimeout());
    }
}
