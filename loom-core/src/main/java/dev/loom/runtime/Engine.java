package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MessageOutcome;
import dev.loom.breaker.BreakerStore;
import dev.loom.breaker.Breakers;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.delivery.StoreDeadLetterQueue;
import dev.loom.partition.HeldPartition;
import dev.loom.partition.LeaseKeeper;
import dev.loom.partition.PartitionListener;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.HintSubscription;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime behind {@link Loom}: wires the store, partitions, workers, actors, timers and committer. */
final class Engine implements PartitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Loom.class);

    private final LoomBuilder cfg;
    /** The store as the runtime uses it: through the {@code store} breaker, see {@link BreakerStore}. */
    private final Store store;
    private final Clock clock;
    private final ActorRegistry registry;
    private final RuntimeMetrics metrics;
    private final Tracing tracing;
    private final GroupCommitter committer;
    private final StateFolder folder;
    private final ActorPool pool;
    private final Asks asks = new Asks();
    private final LeaseKeeper keeper;
    private final Duration leaseMargin;
    private final DeadLetterQueue deadLetters;
    private final MessageIntake intake;
    private final ActorInspection inspection;
    private final OutcomeRouter outcomes;
    private final Map<Integer, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile LoomStatus status = LoomStatus.NEW;
    private volatile boolean stopping;
    private Periodic leaseRounds;
    private volatile Periodic timerRounds;
    private Periodic sweeps;
    private Periodic idempotencyPurges;
    private volatile HintSubscription membershipHints = HintSubscription.NONE;

    Engine(LoomBuilder cfg) {
        this.cfg = cfg;
        this.clock = cfg.clock;
        this.registry = new ActorRegistry(cfg.types);
        this.metrics = new RuntimeMetrics(cfg.meters);
        this.tracing = new Tracing(cfg.openTelemetry, cfg.nodeId);
        this.store = new BreakerStore(cfg.store, cfg.breakers.breaker(Breakers.STORE));
        this.committer = new GroupCommitter(store, metrics, cfg.commitBatchSize, cfg.commitLinger,
                this::applied);
        this.folder = new StateFolder(store);
        this.pool = new ActorPool(this, cfg.maxActiveActors, cfg.passivateAfter, registry.all().stream()
                .map(t -> t.passivateAfter().orElse(cfg.passivateAfter)).min(Duration::compareTo).orElse(cfg.passivateAfter));
        this.keeper = new LeaseKeeper(store.leases(), cfg.nodeId, store.partitions(), cfg.leaseTtl, clock, cfg.nanoTime, this);
        this.leaseMargin = cfg.effectiveLeaseSafetyMargin();
        this.deadLetters = new StoreDeadLetterQueue(cfg.store.deadLetters(), this::signalAll);
        this.intake = new MessageIntake(this, registry, store, asks, metrics);
        this.inspection = new ActorInspection(this, registry, new StateFolder(cfg.store), cfg.store);
        this.outcomes = new OutcomeRouter(registry, intake);
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
        intake.replies().start();
        membershipHints = store.leases().watchMembership(keeper::tickSoon);
        keeper.tick();
        leaseRounds = Periodic.start("leases", cfg.leaseTtl.dividedBy(3), keeper::tick);
        timerRounds = Periodic.adaptive("timers", cfg.timerInterval, cfg.idlePollInterval, new TimerPump(this));
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
        intake.replies().close();
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
        keeper.stop();
        workers.values().forEach(PartitionWorker::stop);
        committer.stop();
        intake.replies().close();
        workers.clear();
        pool.clear();
    }

    private void stopPeriodics() {
        membershipHints.close();
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

    // ---- timers ----------------------------------------------------------------------------------------

    /** Asks for a timer round by {@code at}: a timer this node stored becomes due then. */
    void timerDueAt(Instant at) {
        Periodic rounds = timerRounds;
        if (rounds != null) {
            rounds.runWithin(Duration.between(now(), at));
        }
    }

    private void applied(Write write) {
        switch (write) {
            case Write.TurnCommit t when !t.timers().isEmpty() ->
                    t.timers().stream().map(TimerRequest::deliverAt).min(Instant::compareTo).ifPresent(this::timerDueAt);
            case Write.FireTimer f when f.next() != null -> timerDueAt(f.next().deliverAt());
            default -> {
            }
        }
    }

    // ---- partitions (PartitionListener) ------------------------------------------------------------------

    @Override
    public void gained(Lease lease) {
        PartitionWorker w = new PartitionWorker(this, lease.partition(), lease.epoch(), cfg.maxBufferedPerPartition,
                cfg.fetchBatch, cfg.pollInterval, cfg.idlePollInterval);
        PartitionWorker old = workers.put(lease.partition(), w);
        if (old != null) {
            old.stop();
            pool.drop(old);
        }
        if (!stopping) {
            w.start();
            // Timers of a partition just taken over may be due already.
            timerDueAt(now());
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
        // The lease keeper waits here with its other leases unrenewed, so the wait must end before they run out: a
        // turn still running then is fenced off by the next holder's new epoch and runs again there.
        Duration wait = cfg.drainTimeout.compareTo(cfg.leaseTtl.dividedBy(3)) < 0 ? cfg.drainTimeout : cfg.leaseTtl.dividedBy(3);
        long deadline = System.nanoTime() + wait.toNanos();
        while (w.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        if (w.inFlight() > 0) {
            LOG.info("handing partition {} back with {} turn(s) still running after {}; the next holder runs them again",
                    partition, w.inFlight(), wait);
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
                cfg.fetchBatch, cfg.pollInterval, cfg.idlePollInterval);
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
        registry.find(m.envelope().target().type()).ifPresentOrElse(
                type -> pool.dispatch(w, type, m),
                () -> deadLetterUnroutable(w, m));
    }

    private void deadLetterUnroutable(PartitionWorker w, StoredMessage m) {
        Instant now = now();
        UnknownActorTypeException error = new UnknownActorTypeException("no actor type '"
                + m.envelope().target().type() + "' is registered on node " + cfg.nodeId);
        var dl = new DeadLetter(MessageIds.deadLetter(now.toEpochMilli()), m.envelope().target().type(),
                m.envelope().target(), m.envelope(), m.delivery().steps(), ErrorInfo.of(error),
                m.delivery().attempts() + 1, now, now);
        List<Envelope> outcome = outcomes.outcomeOf(m.envelope(), MessageOutcome.Kind.DEAD_LETTERED,
                null, dl.error(), dl.id(), now);
        committer.submit(new Write.DeadLettered(w.partition, w.epoch, m.seq(), dl, outcome)).whenComplete((r, e) -> {
            w.completed();
            if (e == null && r instanceof WriteResult.Applied) {
                delivered(outcome);
            }
            if (e != null) {
                LOG.warn("could not dead-letter unroutable message {}: {}", m.envelope().messageId(), e.toString());
            }
        });
    }

    /** Outcome routing for settled messages. */
    OutcomeRouter outcomes() {
        return outcomes;
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

    /**
     * Before a turn: waits until {@code w}'s lease has at least the safety margin left (by the monotonic clock from
     * its last renewal), so that the turn can commit before another node may take the partition. True then; false
     * when the partition was lost, the worker stopped (the turn has not started, so it is left to the next holder)
     * or the node halted meanwhile. The lease keeper's rounds renew the lease, ending the wait, or drop it.
     */
    boolean leaseAllowsTurn(PartitionWorker w) {
        return awaitLeaseMargin(w.partition, w.epoch, w::isActive);
    }

    /**
     * Before a durable step's side effect: as {@link #leaseAllowsTurn}, but a stopped worker does not end the wait,
     * because a draining node lets its running turns finish while its lease lasts.
     */
    boolean leaseAllowsStep(int partition, long epoch) {
        return awaitLeaseMargin(partition, epoch, () -> true);
    }

    private boolean awaitLeaseMargin(int partition, long epoch, BooleanSupplier stillWanted) {
        boolean waited = false;
        while (true) {
            Optional<Duration> left = keeper.remaining(partition, epoch);
            if (left.isEmpty() || !stillWanted.getAsBoolean() || status == LoomStatus.STOPPED) {
                return false;
            }
            if (left.get().compareTo(leaseMargin) >= 0) {
                return true;
            }
            if (!waited) {
                waited = true;
                metrics.leaseMarginWait();
                LOG.warn("node {}: lease of partition {} (epoch {}) has {} left, under the safety margin {}; waiting"
                        + " for its renewal before starting work", cfg.nodeId, partition, epoch, left.get(), leaseMargin);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    /** Sleeps until {@code at} (by the clock); false if the worker stopped or the node is stopping meanwhile. */
    boolean sleepUntil(Instant at, PartitionWorker w) {
        return sleepUntil(at, w, () -> false);
    }

    /** As {@link #sleepUntil(Instant, PartitionWorker)}, waking early (true) once {@code done} holds. */
    boolean sleepUntil(Instant at, PartitionWorker w, BooleanSupplier done) {
        while (true) {
            if (!w.isActive() || stopping) {
                return false;
            }
            long left = Duration.between(now(), at).toNanos();
            if (left <= 0 || done.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

    boolean sleep(Duration d, PartitionWorker w) {
        return sleepUntil(now().plus(d), w);
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
            PartitionWorker w = current.get(intake.partitionOf(ref));
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

    MessageIntake intake() {
        return intake;
    }

    ActorInspection inspection() {
        return inspection;
    }

    ActorPool pool() {
        return pool;
    }

    /** The local worker of {@code partition}, or null when this node does not hold it. */
    PartitionWorker workerFor(int partition) {
        return workers.get(partition);
    }

    Optional<HeldPartition> heldPartition(int partition) {
        return keeper.get(partition);
    }

    String nodeId() {
        return cfg.nodeId;
    }

    /** The store the node was built on, undecorated: its owner's calls do not count on the breaker. */
    Store ownStore() {
        return cfg.store;
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

    Tracing tracing() {
        return tracing;
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
