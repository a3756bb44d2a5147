package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.breaker.Breakers;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.partition.Partitioner;
import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.HintSubscription;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.timer.TimerPump;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime behind {@link Loom}: wires its parts once and runs their lifecycle. The parts talk to each other
 * along the message path, never back through here: a {@link PartitionWorker} hands messages to the
 * {@link ActorPool}, whose {@link ActorInstance}s run turns with their {@link TurnServices} and commit through the
 * {@link GroupCommitter} to the store (wrapped once by {@link Breakers#guard}); {@link Partitions} owns the
 * workers and the lease waits, {@link MessageIntake} the way in.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Loom.class);

    private final LoomSettings cfg;
    /** The store as the runtime uses it: through the {@code store} breaker, see {@link Breakers#guard}. */
    private final Store store;
    private final ActorRegistry registry;
    private final GroupCommitter committer;
    private final ActorPool pool;
    private final Partitions partitions;
    private final DeadLetterQueue deadLetters;
    private final MessageIntake intake;
    private final ActorInspection inspection;
    private final TimerPump timerPump;
    private final Object lifecycle = new Object();
    private volatile LoomStatus status = LoomStatus.NEW;
    private Periodic leaseRounds;
    private volatile Periodic timerRounds;
    private Periodic sweeps;
    private Periodic idempotencyPurges;
    private volatile HintSubscription membershipHints = HintSubscription.NONE;

    Engine(LoomSettings cfg) {
        this.cfg = cfg;
        this.store = cfg.breakers().guard(cfg.store());
        this.registry = new ActorRegistry(cfg.types());
        RuntimeMetrics metrics = new RuntimeMetrics(cfg.meters());
        Tracing tracing = new Tracing(cfg.openTelemetry(), cfg.nodeId());
        this.committer = new GroupCommitter(store, metrics, cfg.commitBatchSize(), cfg.commitLinger(), this::applied);
        this.partitions = new Partitions(cfg, store, metrics, this::dispatch, this::forgetActors, this::timerDueAt,
                () -> status == LoomStatus.STOPPED);
        Envelopes envelopes = new Envelopes(registry, store.partitions(), tracing);
        Asks asks = new Asks();
        TurnServices services = new TurnServices(registry, new StateFolder(store), store.idempotency(), envelopes,
                new OutcomeRouter(registry, envelopes), committer, asks, partitions, cfg.clock(), tracing, metrics,
                cfg.breakers(), cfg.idempotencyTtl());
        this.pool = new ActorPool(services, new UnroutableMessages(cfg.nodeId(), services), cfg.maxActiveActors(),
                cfg.passivateAfter(), registry.all().stream()
                        .map(t -> t.passivateAfter().orElse(cfg.passivateAfter())).min(Duration::compareTo)
                        .orElse(cfg.passivateAfter()));
        // Operators' reads and dead-letter handling use the store as given: they are not the message path.
        this.deadLetters = DeadLetterQueue.over(cfg.store().deadLetters(), partitions::signalAll);
        this.intake = new MessageIntake(cfg.nodeId(), () -> status, registry, envelopes, store, asks, partitions,
                this::timerDueAt, cfg.clock(), tracing, metrics);
        this.inspection = new ActorInspection(cfg.nodeId(), registry, new StateFolder(cfg.store()), cfg.store(), pool,
                partitions, envelopes, committer, cfg.clock());
        this.timerPump = new TimerPump(store.timers(), partitions::heldEpochs, partitions::wake, committer::submit, tracing,
                cfg.clock());
        metrics.gauge("loom.actors.active", "Actors active on this node", pool::size);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    void start() {
        synchronized (lifecycle) {
            if (status != LoomStatus.NEW) {
                throw new IllegalStateException("Loom node " + cfg.nodeId() + " was already started (status " + status + ")");
            }
            status = LoomStatus.STARTING;
        }
        committer.start();
        intake.replies().start();
        membershipHints = store.leases().watchMembership(partitions.keeper()::tickSoon);
        partitions.keeper().tick();
        leaseRounds = Periodic.startOnPlatformThread("leases", cfg.leaseTtl().dividedBy(3), partitions.keeper()::tick);
        timerRounds = Periodic.adaptive("timers", cfg.timerInterval(), cfg.idlePollInterval(), timerPump);
        sweeps = Periodic.start("passivation", Duration.ofSeconds(1), pool::passivateIdle);
        idempotencyPurges = Periodic.start("idempotency-purge", Duration.ofMinutes(1),
                () -> store.idempotency().purgeExpired(cfg.clock().instant()));
        status = LoomStatus.RUNNING;
        LOG.info("Loom node {} started on store {} ({} partitions, {} held), actor types {}", cfg.nodeId(), store.name(),
                store.partitions(), partitions.size(), cfg.types().keySet());
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
        LOG.info("Loom node {} draining: {} turn(s) in flight", cfg.nodeId(), partitions.inFlightTurns());
        stopPeriodics();
        partitions.beginStopping();
        partitions.stopWorkers();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (partitions.inFlightTurns() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        boolean clean = partitions.inFlightTurns() == 0;
        if (!clean) {
            LOG.warn("drain timeout {} passed with {} turn(s) still running; they are re-run by the next holder",
                    drainTimeout, partitions.inFlightTurns());
        }
        committer.stop();
        intake.replies().close();
        partitions.keeper().releaseAll();
        partitions.clear();
        pool.clear();
        status = LoomStatus.STOPPED;
        LOG.info("Loom node {} stopped", cfg.nodeId());
        return clean;
    }

    /** Stops at once as a crash would: nothing more is committed, leases are not released. */
    void halt() {
        status = LoomStatus.STOPPED;
        partitions.beginStopping();
        stopPeriodics();
        partitions.keeper().stop();
        partitions.stopWorkers();
        committer.stop();
        intake.replies().close();
        partitions.clear();
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

    Duration drainTimeout() {
        return cfg.drainTimeout();
    }

    // ---- wiring between the parts ------------------------------------------------------------------------
    // The pool is built after the partitions (its turns use them), so the partitions reach it through these.

    private void dispatch(PartitionWorker w, StoredMessage m) {
        pool.dispatch(w, m);
    }

    private void forgetActors(PartitionWorker w) {
        pool.drop(w);
    }

    /** Asks for a timer round by {@code at}: a timer this node stored becomes due then. */
    private void timerDueAt(Instant at) {
        Periodic rounds = timerRounds;
        if (rounds != null) {
            rounds.runWithin(Duration.between(cfg.clock().instant(), at));
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

    // ---- what Loom exposes ---------------------------------------------------------------------------------

    MessageIntake intake() {
        return intake;
    }

    ActorInspection inspection() {
        return inspection;
    }

    DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    Set<Integer> heldPartitions() {
        return partitions.held();
    }

    List<Lease> leases() {
        return store.leases().all();
    }

    int inFlightTurns() {
        return partitions.inFlightTurns();
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
        Map<Integer, PartitionWorker> current = partitions.workers();
        for (ActorRef ref : actors) {
            ActorType<?, ?> type = registry.require(ref.type());
            PartitionWorker w = current.get(Partitioner.partitionOf(ref, store.partitions()));
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

    String nodeId() {
        return cfg.nodeId();
    }

    /** The store the node was built on, undecorated: its owner's calls do not count on the breaker. */
    Store ownStore() {
        return cfg.store();
    }

    Collection<ActorType<?, ?>> actorTypes() {
        return registry.all();
    }

    Breakers breakers() {
        return cfg.breakers();
    }
}
