package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.breaker.Breakers;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.delivery.StoreDeadLetterQueue;
import dev.loom.json.Json;
import dev.loom.partition.HeldPartition;
import dev.loom.partition.LeaseKeeper;
import dev.loom.partition.PartitionListener;
import dev.loom.partition.Partitioner;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.trace.TraceContext;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime behind {@link Loom}: wires the store, partitions, workers, actors, timers and committer. */
final class Engine implements PartitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Loom.class);
    private static final Duration ASK_POLL = Duration.ofMillis(200);

    private final LoomBuilder cfg;
    private final Store store;
    private final Clock clock;
    private final ActorRegistry registry;
    private final RuntimeMetrics metrics;
    private final CircuitBreaker storeBreaker;
    private final GroupCommitter committer;
    private final StateFolder folder;
    private final ActorPool pool;
    private final Asks asks = new Asks();
    private final LeaseKeeper keeper;
    private final DeadLetterQueue deadLetters;
    private final Map<Integer, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile LoomStatus status = LoomStatus.NEW;
    private volatile boolean stopping;
    private Periodic leaseRounds;
    private Periodic timerRounds;
    private Periodic sweeps;
    private Periodic idempotencyPurges;

    Engine(LoomBuilder cfg) {
        this.cfg = cfg;
        this.store = cfg.store;
        this.clock = cfg.clock;
        this.registry = new ActorRegistry(cfg.types);
        this.metrics = new RuntimeMetrics(cfg.meters);
        this.storeBreaker = cfg.breakers.breaker(Breakers.STORE);
        this.committer = new GroupCommitter(store, storeBreaker, metrics, cfg.commitBatchSize, cfg.commitLinger);
        this.folder = new StateFolder(store);
        this.pool = new ActorPool(this, cfg.maxActiveActors, cfg.passivateAfter);
        this.keeper = new LeaseKeeper(store.leases(), cfg.nodeId, store.partitions(), cfg.leaseTtl, clock, this);
        this.deadLetters = new StoreDeadLetterQueue(store.deadLetters(), this::signalAll);
        metrics.gauge("loom.actors.active", "Actors active on this node", pool::size);
        metrics.gauge("loom.partitions.held", "Partitions this node holds", workers::size);
        metrics.gauge("loom.turns.inflight", "Turns running now", inFlight::get);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    void start() {
        synchronized (lifecycle) {
            if (status != LoomStatus.NEW) {
                throw new IllegalStateException("Loom node " + cfg.nodeId + " was already started (status " + status + ")");
            }
            status = LoomStatus.STARTING;
        }
        committer.start();
        keeper.tick();
        leaseRounds = Periodic.start("leases", cfg.leaseTtl.dividedBy(3), keeper::tick);
        timerRounds = Periodic.start("timers", cfg.timerInterval, new TimerPump(this));
        sweeps = Periodic.start("passivation", Duration.ofSeconds(1), pool::passivateIdle);
        idempotencyPurges = Periodic.start("idempotency-purge", Duration.ofMinutes(1),
                () -> store.idempotency().purgeExpired(now()));
        status = LoomStatus.RUNNING;
        LOG.info("Loom node {} started on store {} ({} partitions, {} held), actor types {}", cfg.nodeId, store.name(),
                store.partitions(), workers.size(), cfg.types.keySet());
    }

    boolean shutdown(Duration drainTimeout) {
        synchronized (lifecycle) {
            if (status == LoomStatus.STOPPED || status == LoomStatus.DRAINING) {
                return status == LoomStatus.STOPPED;
            }
            if (status == LoomStatus.NEW) {
                status = LoomStatus.STOPPED;
                return true;
            }
            status = LoomStatus.DRAINING;
        }
        LOG.info("Loom node {} draining: {} turn(s) in flight", cfg.nodeId, inFlight.get());
        stopPeriodics();
        stopping = true;
        workers.values().forEach(PartitionWorker::stop);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        boolean clean = inFlight.get() == 0;
        if (!clean) {
            LOG.warn("drain timeout {} passed with {} turn(s) still running; they are re-run by the next holder",
                    drainTimeout, inFlight.get());
        }
        committer.stop();
        keeper.releaseAll();
        workers.clear();
        pool.clear();
        status = LoomStatus.STOPPED;
        LOG.info("Loom node {} stopped", cfg.nodeId);
        return clean;
    }

    /** Stops at once as a crash would: nothing more is committed, leases are not released. */
    void halt() {
        status = LoomStatus.STOPPED;
        stopping = true;
        stopPeriodics();
        workers.values().forEach(PartitionWorker::stop);
        committer.stop();
        workers.clear();
        pool.clear();
    }

    private void stopPeriodics() {
        for (Periodic p : new Periodic[] {leaseRounds, timerRounds, sweeps, idempotencyPurges}) {
            if (p != null) {
                p.stop();
            }
        }
    }

    LoomStatus status() {
        return status;
    }

    boolean isStopping() {
        return stopping;
    }

    Duration drainTimeout() {
        return cfg.drainTimeout;
    }

    // ---- partitions (PartitionListener) ------------------------------------------------------------------

    @Override
    public void gained(Lease lease) {
        PartitionWorker w = new PartitionWorker(this, lease.partition(), lease.epoch(), cfg.maxBufferedPerPartition,
                cfg.fetchBatch, cfg.pollInterval);
        PartitionWorker old = workers.put(lease.partition(), w);
        if (old != null) {
            old.stop();
            pool.drop(old);
        }
        if (!stopping) {
            w.start();
        }
    }

    @Override
    public void lost(int partition) {
        PartitionWorker w = workers.remove(partition);
        if (w != null) {
            w.stop();
            pool.drop(w);
            LOG.warn("node {} lost partition {} (epoch {})", cfg.nodeId, partition, w.epoch);
        }
    }

    @Override
    public void releasing(int partition) {
        PartitionWorker w = workers.get(partition);
        if (w == null) {
            return;
        }
        w.stop();
        long deadline = System.nanoTime() + cfg.drainTimeout.toNanos();
        while (w.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        workers.remove(partition, w);
        pool.drop(w);
    }

    /** A commit came back fenced: the lease was taken over. */
    void partitionLost(PartitionWorker w) {
        if (workers.remove(w.partition, w)) {
            keeper.forget(w.partition);
            w.stop();
            pool.drop(w);
            LOG.warn("node {} was fenced off partition {} (epoch {})", cfg.nodeId, w.partition, w.epoch);
        }
    }

    /** The in-memory view of a partition disagrees with the store: rebuild it from the store. */
    void resync(PartitionWorker w) {
        if (workers.get(w.partition) != w) {
            return;
        }
        PartitionWorker fresh = new PartitionWorker(this, w.partition, w.epoch, cfg.maxBufferedPerPartition,
                cfg.fetchBatch, cfg.pollInterval);
        if (workers.replace(w.partition, w, fresh)) {
            w.stop();
            pool.drop(w);
            if (!stopping) {
                fresh.start();
            }
        }
    }

    Map<Integer, PartitionWorker> workers() {
        return Map.copyOf(workers);
    }

    Set<Integer> heldPartitions() {
        return keeper.held();
    }

    List<Lease> leases() {
        return store.leases().all();
    }

    // ---- dispatch ----------------------------------------------------------------------------------------

    void dispatch(PartitionWorker w, StoredMessage m) {
        ActorType<?, ?> type = registryTypeOrNull(m.envelope().target().type());
        if (type == null) {
            deadLetterUnroutable(w, m);
            return;
        }
        pool.dispatch(w, type, m);
    }

    private ActorType<?, ?> registryTypeOrNull(String name) {
        try {
            return registry.require(name);
        } catch (UnknownActorTypeException e) {
            return null;
        }
    }

    private void deadLetterUnroutable(PartitionWorker w, StoredMessage m) {
        Instant now = now();
        UnknownActorTypeException error = new UnknownActorTypeException("no actor type '"
                + m.envelope().target().type() + "' is registered on node " + cfg.nodeId);
        var dl = new DeadLetter(MessageIds.deadLetter(now.toEpochMilli()), m.envelope().target().type(),
                m.envelope().target(), m.envelope(), m.delivery().steps(), ErrorInfo.of(error),
                m.delivery().attempts() + 1, now, now);
        committer.submit(new Write.DeadLettered(w.partition, w.epoch, m.seq(), dl)).whenComplete((r, e) -> {
            w.completed();
            if (e != null) {
                LOG.warn("could not dead-letter unroutable message {}: {}", m.envelope().messageId(), e.toString());
            }
        });
    }

    /** Wakes the local workers of the partitions that {@code sends} went to. */
    void delivered(List<Envelope> sends) {
        for (Envelope e : sends) {
            PartitionWorker w = workers.get(e.partition());
            if (w != null) {
                w.signal();
            }
        }
    }

    private void signalAll() {
        workers.values().forEach(PartitionWorker::signal);
    }

    void turnStarted() {
        inFlight.incrementAndGet();
    }

    void turnEnded() {
        inFlight.decrementAndGet();
    }

    int inFlightTurns() {
        return inFlight.get();
    }

    /** Sleeps until {@code at} (by the clock); false if the worker stopped or the node is stopping meanwhile. */
    boolean sleepUntil(Instant at, PartitionWorker w) {
        while (true) {
            if (!w.isActive() || stopping) {
                return false;
            }
            long left = Duration.between(now(), at).toNanos();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

    boolean sleep(Duration d, PartitionWorker w) {
        return sleepUntil(now().plus(d), w);
    }

    // ---- client API --------------------------------------------------------------------------------------

    String send(ActorRef target, Object message, SendOptions options) {
        ActorType<?, ?> type = registry.require(target.type());
        return accept(target, type, registry.encode(type, message), options, MessageIds.next(), options.idempotencyKey());
    }

    String sendJson(ActorRef target, String messageType, JsonNode payload, SendOptions options) {
        ActorType<?, ?> type = registry.require(target.type());
        return accept(target, type, registry.encodeJson(type, messageType, payload), options, MessageIds.next(),
                options.idempotencyKey());
    }

    Reply ask(ActorRef target, Object message, SendOptions options, Duration timeout) {
        ActorType<?, ?> type = registry.require(target.type());
        return askEncoded(target, type, registry.encode(type, message), options, timeout);
    }

    Reply askJson(ActorRef target, String messageType, JsonNode payload, SendOptions options, Duration timeout) {
        ActorType<?, ?> type = registry.require(target.type());
        return askEncoded(target, type, registry.encodeJson(type, messageType, payload), options, timeout);
    }

    private Reply askEncoded(ActorRef target, ActorType<?, ?> type, ActorRegistry.Encoded msg, SendOptions options,
                             Duration timeout) {
        String userKey = options.idempotencyKey();
        if (userKey != null) {
            Optional<IdempotencyRecord> done = guarded(() -> store.idempotency().find(target, userKey, now()));
            if (done.isPresent()) {
                return new Reply(null, Json.parse(done.get().reply()), true);
            }
        }
        String messageId = MessageIds.next();
        String key = userKey != null ? userKey : "ask:" + messageId;
        CompletableFuture<Reply> reply = asks.register(messageId);
        try {
            accept(target, type, msg, options, messageId, key);
        } catch (RuntimeException e) {
            asks.forget(messageId);
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AskTimeoutException("no reply from " + target + " to message " + messageId + " within "
                            + timeout + "; the message is accepted and will still be handled");
                }
                try {
                    return reply.get(Math.min(left, ASK_POLL.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    Optional<IdempotencyRecord> done = guarded(() -> store.idempotency().find(target, key, now()));
                    if (done.isPresent()) {
                        return new Reply(messageId, Json.parse(done.get().reply()), false);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AskTimeoutException("interrupted while waiting for the reply to " + messageId, e);
                }
            }
        } finally {
            asks.forget(messageId);
        }
    }

    private String accept(ActorRef target, ActorType<?, ?> type, ActorRegistry.Encoded msg, SendOptions options,
                          String messageId, String key) {
        checkAccepting();
        Instant now = now();
        Envelope env = new Envelope(messageId, target, partitionOf(target), msg.messageType(), msg.payload(), key,
                "client", TraceContext.childOf(options.traceparent()), now);
        Instant at = deliveryTime(options, now);
        if (at == null) {
            guarded(() -> store.messages().enqueue(List.of(env)));
            PartitionWorker w = workers.get(env.partition());
            if (w != null) {
                w.signal();
            }
        } else {
            guarded(() -> {
                store.timers().schedule(List.of(new TimerRequest(env, at, null)));
                return null;
            });
        }
        metrics.accepted(type.name());
        return messageId;
    }

    private void checkAccepting() {
        LoomStatus s = status;
        if (s == LoomStatus.DRAINING || s == LoomStatus.STOPPED) {
            throw new LoomUnavailableException("Loom node " + cfg.nodeId + " is " + s.name().toLowerCase()
                    + " and accepts no new messages");
        }
    }

    /** Runs a client-path store call through the store breaker. */
    private <T> T guarded(Supplier<T> call) {
        try {
            return storeBreaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new StoreException("the store circuit breaker is open after repeated store failures; retry later", e);
        }
    }

    /** The delivery time of a send, or null to deliver at once. */
    Instant deliveryTime(SendOptions options, Instant now) {
        Instant at = options.deliverAt() != null ? options.deliverAt()
                : options.delay() != null && !options.delay().isZero() ? now.plus(options.delay()) : null;
        return at != null && at.isAfter(now) ? at : null;
    }

    /** A new envelope for a message sent from a turn. */
    Envelope envelope(ActorRef target, Object message, String key, String sender, String parentTrace, Instant now) {
        ActorType<?, ?> type = registry.require(target.type());
        ActorRegistry.Encoded enc = registry.encode(type, message);
        return new Envelope(MessageIds.next(), target, partitionOf(target), enc.messageType(), enc.payload(), key,
                sender, TraceContext.childOf(parentTrace), now);
    }

    int partitionOf(ActorRef ref) {
        return Partitioner.partitionOf(ref, store.partitions());
    }

    // ---- inspection ----------------------------------------------------------------------------------------

    ActorState state(ActorRef actor) {
        ActorType<?, ?> type = registry.require(actor.type());
        Optional<ActorState> active = pool.view(actor);
        if (active.isPresent()) {
            return active.get();
        }
        StateFolder.Folded f = folder.latest(actor, registry.initialState(type));
        return new ActorState(actor, f.seq(), canonical(type, f.state()));
    }

    ActorState stateAt(ActorRef actor, long seq) {
        ActorType<?, ?> type = registry.require(actor.type());
        StateFolder.Folded f = folder.at(actor, registry.initialState(type), seq);
        return new ActorState(actor, f.seq(), canonical(type, f.state()));
    }

    /** The state as the state type writes it (field order, number types), as a live actor holds it. */
    private static JsonNode canonical(ActorType<?, ?> type, JsonNode folded) {
        return Json.toTree(Json.fromTree(folded, type.stateClass()));
    }

    List<JournalEntry> journal(ActorRef actor, long fromSeq, int limit) {
        registry.require(actor.type());
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return store.journal().read(actor, Math.max(1, fromSeq), limit);
    }

    List<ReplayStep> replay(ActorRef actor, long fromSeq, long toSeq) {
        ActorType<?, ?> type = registry.require(actor.type());
        return folder.replay(actor, registry.initialState(type), fromSeq, toSeq);
    }

    long snapshot(ActorRef actor) {
        ActorType<?, ?> type = registry.require(actor.type());
        HeldPartition held = heldFor(actor);
        StateFolder.Folded f = folder.latest(actor, registry.initialState(type));
        if (f.seq() == 0) {
            return 0;
        }
        Snapshot snap = new Snapshot(actor, f.seq(), f.state().toString(), now());
        WriteResult r = committer.commit(new Write.SnapshotTaken(held.partition(), held.epoch(), snap, !type.retainJournal()));
        return switch (r) {
            case WriteResult.Applied a -> f.seq();
            case WriteResult.Fenced fenced -> throw new PartitionNotHeldException("partition " + held.partition()
                    + " of " + actor + " was taken over by another node during the snapshot");
            case WriteResult.Rejected rej -> throw new StateUnavailableException("snapshot of " + actor
                    + " refused: " + rej.reason());
        };
    }

    void trim(ActorRef actor, long upToSeq) {
        registry.require(actor.type());
        HeldPartition held = heldFor(actor);
        WriteResult r = committer.commit(new Write.Trim(held.partition(), held.epoch(), actor, upToSeq));
        switch (r) {
            case WriteResult.Applied a -> { }
            case WriteResult.Fenced f -> throw new PartitionNotHeldException("partition " + held.partition()
                    + " of " + actor + " was taken over by another node during the trim");
            case WriteResult.Rejected rej -> throw new StateUnavailableException("cannot trim the journal of "
                    + actor + " up to " + upToSeq + ": " + rej.reason());
        }
    }

    private HeldPartition heldFor(ActorRef actor) {
        int p = partitionOf(actor);
        return keeper.get(p).orElseThrow(() -> new PartitionNotHeldException("partition " + p + " of " + actor
                + " is not held by node " + cfg.nodeId + "; run this on the node that holds it"));
    }

    DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    CacheStats cacheStats() {
        return pool.stats();
    }

    int clearCache(String glob) {
        Pattern p = globToRegex(glob);
        return pool.passivate(ref -> p.matcher(ref.toString()).matches());
    }

    int warm(Collection<ActorRef> actors) {
        int n = 0;
        Map<Integer, PartitionWorker> current = new HashMap<>(workers);
        for (ActorRef ref : actors) {
            ActorType<?, ?> type = registry.require(ref.type());
            PartitionWorker w = current.get(partitionOf(ref));
            if (w != null && pool.warm(w, type, ref)) {
                n++;
            }
        }
        return n;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    // ---- accessors for the runtime's parts -------------------------------------------------------------------

    String nodeId() {
        return cfg.nodeId;
    }

    Store store() {
        return store;
    }

    Collection<ActorType<?, ?>> actorTypes() {
        return registry.all();
    }

    Breakers breakers() {
        return cfg.breakers;
    }

    ActorRegistry registry() {
        return registry;
    }

    StateFolder folder() {
        return folder;
    }

    GroupCommitter committer() {
        return committer;
    }

    RuntimeMetrics metrics() {
        return metrics;
    }

    Asks asks() {
        return asks;
    }

    Duration idempotencyTtl() {
        return cfg.idempotencyTtl;
    }

    Instant now() {
        return clock.instant();
    }

    ClassLoader classLoader() {
        return Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Engine.class.getClassLoader();
    }
}
