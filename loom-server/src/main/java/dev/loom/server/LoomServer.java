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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Loom server: the store, the actor runtime over it, and the HTTP API on one port.
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

    private final LoomConfig config;
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

    private LoomServer(LoomConfig config, Store store, Loom loom, MetricsRegistry metrics, Lifecycle lifecycle,
                       WebServer web, Optional<TlsReloader> tlsReloader, ServerTelemetry telemetry) {
        this.config = config;
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
     * Opens the store, starts the runtime and the HTTP listener, and installs SIGTERM handling.
     *
     * @throws ConfigException              if a configured actor type is not registered or its policies are impossible
     * @throws dev.loom.spi.StoreException  if the store cannot be opened
     * @throws UncheckedIOException         if the TLS files cannot be read
     * @throws ListenerException            if the HTTP listener cannot be opened on {@code http.host:http.port}
     */
    public static LoomServer start(LoomConfig configured) {
        LoggingSetup.apply(configured.logging());
        warnAboutRisks(configured);
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
            Breakers breakers = new Breakers(config.breakers().settings(), Map.of());
            loom = buildLoom(config, store, metrics, breakers, telemetry.openTelemetry());
            metrics.bindBreakers(breakers);
            RuntimeGauges.bind(metrics.registry(), loom, GAUGE_TTL);
            QueueGauges queues = new QueueGauges(metrics.registry(), store.messages(), clock, GAUGE_TTL,
                    loom.actorTypes().stream().map(ActorType::name).toList());
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
            LoomServer server = new LoomServer(config, store, loom, metrics, lifecycle, web, reloader, telemetry);
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

    private static Loom buildLoom(LoomConfig config, Store store, MetricsRegistry metrics, Breakers breakers,
                                  OpenTelemetry otel) {
        LoomBuilder b = Loom.builder().store(store).discoverActors().meterRegistry(metrics.registry()).breakers(breakers)
                .maxActiveActors(config.runtime().maxActiveActors()).passivateAfter(config.runtime().passivateAfter())
                .leaseTtl(config.runtime().leaseTtl()).idempotencyTtl(config.runtime().idempotencyTtl())
                .drainTimeout(config.runtime().drainTimeout());
        config.nodeId().ifPresent(b::nodeId);
        b.openTelemetry(otel);
        applyPolicies(config, b);
        return b.build();
    }

    private static void applyPolicies(LoomConfig config, LoomBuilder b) {
        if (config.actors().isEmpty()) {
            return;
        }
        Map<String, ActorType<?, ?>> known = new HashMap<>();
        for (ActorTypeProvider p : ServiceLoader.load(ActorTypeProvider.class)) {
            p.actorTypes().forEach(t -> known.put(t.name(), t));
        }
        List<String> problems = new ArrayList<>();
        config.actors().forEach((name, policy) -> {
            ActorType<?, ?> type = known.get(name);
            if (type == null) {
                problems.add("actors." + name + ": no actor type '" + name + "' is registered; known: "
                        + new java.util.TreeSet<>(known.keySet()));
                return;
            }
            try {
                b.replaceActor(policy.applyTo(type));
            } catch (IllegalArgumentException e) {
                problems.add("actors." + name + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static WebServer webServer(LoomConfig config, Dispatcher dispatcher, HttpMetrics httpMetrics) {
        WebServerConfig.Builder web = WebServer.builder()
                .host(config.http().host())
                .port(config.http().port())
                .shutdownHook(false)
                .addConnectionSelector(new ProtocolSelector(httpMetrics))
                .directHandlers(TransportErrors.jsonHandlers(httpMetrics))
                .routing(r -> r.any(dispatcher));
        config.http().tls().ifPresent(t -> web.tls(TlsFiles.load(t)));
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
