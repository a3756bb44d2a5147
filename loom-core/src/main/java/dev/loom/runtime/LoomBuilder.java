package dev.loom.runtime;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.breaker.BreakerSettings;
import dev.loom.breaker.Breakers;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.spi.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.LongSupplier;

/** Builds a {@link Loom}. Every setting has a default except the store. */
public final class LoomBuilder {
    Store store;
    final Map<String, ActorType<?, ?>> types = new LinkedHashMap<>();
    String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    Clock clock = Clock.systemUTC();
    LongSupplier nanoTime = System::nanoTime;
    MeterRegistry meters = new SimpleMeterRegistry();
    Breakers breakers;
    OpenTelemetry openTelemetry = OpenTelemetry.noop();
    Duration leaseTtl = Duration.ofSeconds(10);
    /** Null until set: then a third of the lease TTL, whatever TTL is set. */
    Duration leaseSafetyMargin;
    int maxActiveActors = 100_000;
    Duration passivateAfter = Duration.ofMinutes(5);
    Duration idempotencyTtl = Duration.ofHours(24);
    int commitBatchSize = 4000;
    Duration commitLinger = Duration.ofMillis(1);
    Duration pollInterval = Duration.ofMillis(100);
    Duration idlePollInterval = Duration.ofSeconds(1);
    Duration timerInterval = Duration.ofMillis(50);
    int fetchBatch = 1000;
    int maxBufferedPerPartition = 5000;
    Duration drainTimeout = Duration.ofSeconds(30);
    boolean pipelines;
    final List<PipelineDefinition> pipelineDefinitions = new ArrayList<>();

    LoomBuilder() {
    }

    /** The store to run on (required). Loom does not close it. */
    public LoomBuilder store(Store s) {
        this.store = Objects.requireNonNull(s, "store");
        return this;
    }

    /**
     * Registers an actor type.
     *
     * @throws IllegalArgumentException if a type with that name is already registered
     */
    public LoomBuilder actor(ActorType<?, ?> type) {
        if (types.putIfAbsent(type.name(), type) != null) {
            throw new IllegalArgumentException("actor type '" + type.name() + "' is registered twice");
        }
        return this;
    }

    /** Replaces a registered type by one of the same name (used to apply configured policies). */
    public LoomBuilder replaceActor(ActorType<?, ?> type) {
        types.put(type.name(), type);
        return this;
    }

    /** Registers every type of every {@link ActorTypeProvider} found by {@link ServiceLoader}. */
    public LoomBuilder discoverActors() {
        for (ActorTypeProvider p : ServiceLoader.load(ActorTypeProvider.class)) {
            p.actorTypes().forEach(this::actor);
        }
        return this;
    }

    /**
     * Enables pipelines ({@link Loom#pipelines()}): registers the actor types {@value PipelineRuntime#RUN_TYPE} and
     * {@value PipelineRuntime#DEFINITION_TYPE}, so definitions can be registered and runs started.
     */
    public LoomBuilder enablePipelines() {
        this.pipelines = true;
        return this;
    }

    /**
     * Enables pipelines and registers {@code definition} when the node starts (validated against the actor types
     * then; {@link Loom#start()} throws {@link dev.loom.pipeline.InvalidPipelineException} or
     * {@link dev.loom.pipeline.DefinitionConflictException} if it cannot be registered).
     *
     * @throws dev.loom.pipeline.InvalidPipelineException if its shape is invalid
     */
    public LoomBuilder pipeline(PipelineDefinition definition) {
        pipelineDefinitions.add(definition.validate(null));
        this.pipelines = true;
        return this;
    }

    /** This node's id (default: {@code node-} and 8 random hex digits). Must be unique among live nodes. */
    public LoomBuilder nodeId(String id) {
        this.nodeId = Objects.requireNonNull(id, "nodeId");
        return this;
    }

    /** The clock for timers, leases and timestamps (default UTC system clock). */
    public LoomBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * The monotonic clock, in nanoseconds, that the lease safety margin is measured by (default
     * {@link System#nanoTime()}, which keeps counting while the process is paused). For tests.
     */
    public LoomBuilder monotonicClock(LongSupplier nanos) {
        this.nanoTime = Objects.requireNonNull(nanos, "monotonicClock");
        return this;
    }

    /** Where metrics go (default a private {@code SimpleMeterRegistry}). */
    public LoomBuilder meterRegistry(MeterRegistry r) {
        this.meters = Objects.requireNonNull(r, "meterRegistry");
        return this;
    }

    /**
     * Where spans go (default {@link OpenTelemetry#noop()}: no spans, and tracing costs nothing). With a tracer
     * provider, the node records the spans {@link dev.loom.trace.LoomSpans} describes under the messages'
     * {@code traceparent}. Loom does not close it.
     */
    public LoomBuilder openTelemetry(OpenTelemetry otel) {
        this.openTelemetry = Objects.requireNonNull(otel, "openTelemetry");
        return this;
    }

    /** The node's circuit breakers (default: every breaker with {@link BreakerSettings#DEFAULT}). */
    public LoomBuilder breakers(Breakers b) {
        this.breakers = Objects.requireNonNull(b, "breakers");
        return this;
    }

    /** Partition lease time to live (default 10 s); leases are renewed at a third of it. */
    public LoomBuilder leaseTtl(Duration d) {
        this.leaseTtl = positive(d, "leaseTtl");
        return this;
    }

    /**
     * The least lease time a partition must have left, by this node's monotonic clock from when the lease's last
     * renewal was issued, for the node to start a turn or a durable step on it (default a third of
     * {@link #leaseTtl}). Below it the turn waits until a renewal restores the margin, or stops when the
     * partition is lost. A node paused past its lease (GC, SIGSTOP, a stalled VM) thus does not run side effects
     * that the partition's new holder runs too; what a margin cannot cover is a pause after the check, so a
     * step's side effect stays at-least-once and must be made idempotent with its key. Zero still refuses work
     * once the lease ran out by the node's clock.
     *
     * @throws IllegalArgumentException if negative (the TTL is checked against it by {@link #build()})
     */
    public LoomBuilder leaseSafetyMargin(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("leaseSafetyMargin must be zero or positive: " + d);
        }
        this.leaseSafetyMargin = d;
        return this;
    }

    /** Active actors beyond which the least recently used idle ones are passivated (default 100,000). */
    public LoomBuilder maxActiveActors(int n) {
        this.maxActiveActors = atLeast(n, 1, "maxActiveActors");
        return this;
    }

    /** Idle time after which an actor is passivated (default 5 min). */
    public LoomBuilder passivateAfter(Duration d) {
        this.passivateAfter = positive(d, "passivateAfter");
        return this;
    }

    /** How long idempotency records (and stored replies) are kept (default 24 h). */
    public LoomBuilder idempotencyTtl(Duration d) {
        this.idempotencyTtl = positive(d, "idempotencyTtl");
        return this;
    }

    /** Most writes per store commit (default 4000). */
    public LoomBuilder commitBatchSize(int n) {
        this.commitBatchSize = atLeast(n, 1, "commitBatchSize");
        return this;
    }

    /** Longest wait for more writes before a commit, under load (default 1 ms; zero disables). */
    public LoomBuilder commitLinger(Duration d) {
        this.commitLinger = Objects.requireNonNull(d, "commitLinger");
        return this;
    }

    /**
     * How often a partition that just had messages is polled for messages sent by other nodes (default 100 ms).
     * Messages this node sends wake their partition at once; a store that hears of other nodes' commits (PostgreSQL)
     * wakes it too. See {@link #idlePollInterval}.
     */
    public LoomBuilder pollInterval(Duration d) {
        this.pollInterval = positive(d, "pollInterval");
        return this;
    }

    /**
     * The longest wait between polls of an empty partition, and between timer rounds that find nothing (default
     * 1 s): the wait doubles from the {@link #pollInterval} (or {@link #timerInterval}) while polls find nothing.
     * It bounds how late an idle node sees a message or a due timer that another process stored and the store
     * cannot announce (two nodes on one SQLite file). Values below the poll interval mean the poll interval.
     */
    public LoomBuilder idlePollInterval(Duration d) {
        this.idlePollInterval = positive(d, "idlePollInterval");
        return this;
    }

    /**
     * How often due timers are looked for while rounds find some (default 50 ms); rounds that find none back off
     * to the {@link #idlePollInterval}. A timer this node commits asks for a round at its due time, and taking over
     * a partition asks for one at once, so only timers stored by other nodes wait for a round.
     */
    public LoomBuilder timerInterval(Duration d) {
        this.timerInterval = positive(d, "timerInterval");
        return this;
    }

    /** Messages read per partition fetch (default 1000). */
    public LoomBuilder fetchBatch(int n) {
        this.fetchBatch = atLeast(n, 1, "fetchBatch");
        return this;
    }

    /** Messages held in memory per partition before fetching pauses (default 5000). */
    public LoomBuilder maxBufferedPerPartition(int n) {
        this.maxBufferedPerPartition = atLeast(n, 1, "maxBufferedPerPartition");
        return this;
    }

    /** Time {@link Loom#close()} gives in-flight turns to finish (default 30 s). */
    public LoomBuilder drainTimeout(Duration d) {
        this.drainTimeout = positive(d, "drainTimeout");
        return this;
    }

    /**
     * @throws IllegalStateException    if no store or no actor type was given
     * @throws IllegalArgumentException if the lease safety margin is not below the lease TTL
     */
    public Loom build() {
        if (store == null) {
            throw new IllegalStateException("Loom needs a store: call store(...)");
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("Loom needs at least one actor type: call actor(...) or discoverActors()");
        }
        if (leaseSafetyMargin != null && leaseSafetyMargin.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("leaseSafetyMargin (" + leaseSafetyMargin + ") must be below leaseTtl ("
                    + leaseTtl + "): no turn could ever start");
        }
        Breakers nodeBreakers = breakers != null ? breakers : new Breakers(BreakerSettings.DEFAULT, Map.of());
        Map<String, ActorType<?, ?>> allTypes = new LinkedHashMap<>(types);
        if (pipelines) {
            PipelineRuntime.actorTypes(nodeBreakers, allTypes).forEach(t -> allTypes.putIfAbsent(t.name(), t));
        }
        LoomSettings settings = new LoomSettings(store, allTypes, nodeId, clock, nanoTime, meters, nodeBreakers,
                openTelemetry, leaseTtl, leaseSafetyMargin != null ? leaseSafetyMargin : leaseTtl.dividedBy(3),
                maxActiveActors, passivateAfter, idempotencyTtl, commitBatchSize, commitLinger, pollInterval,
                idlePollInterval, timerInterval, fetchBatch, maxBufferedPerPartition, drainTimeout);
        return new Loom(new Engine(settings), pipelines, List.copyOf(pipelineDefinitions));
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    private static int atLeast(int n, int min, String name) {
        if (n < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + n);
        }
        return n;
    }
}
