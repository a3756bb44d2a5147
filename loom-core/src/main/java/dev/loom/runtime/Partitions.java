package dev.loom.runtime;

import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.MessageStore;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this node works on: one {@link PartitionWorker} per held lease, started when the lease keeper gains
 * a partition and stopped when it is lost, handed back or found fenced at a commit; and the waits that keep a turn
 * inside its lease (the safety margin before a turn or a durable step, the sleeps of a retry). The lease keeper's
 * rounds call in as its {@link PartitionListener}; the actors' turns call in when a commit came back fenced or
 * rejected, and to wake the workers of the partitions their sends went to.
 */
final class Partitions implements PartitionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Loom.class);
    /**
     * How long a turn under the lease's safety margin waits for a lease round before it looks again whether it is
     * still wanted (its worker or the node may have stopped meanwhile, which ends no round).
     */
    private static final long MARGIN_RECHECK_NANOS = 50_000_000L;

    private final LoomSettings settings;
    private final MessageStore messages;
    private final Clock clock;
    private final RuntimeMetrics metrics;
    private final LeaseKeeper keeper;
    private final BiConsumer<PartitionWorker, StoredMessage> dispatch;
    private final Consumer<PartitionWorker> forgetActors;
    private final Consumer<Instant> timersDueAt;
    private final BooleanSupplier nodeStopped;
    private final Map<Integer, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * @param store        the store as the runtime uses it (leases bypass its breaker)
     * @param dispatch     where a worker hands a fetched message (the actor pool)
     * @param forgetActors drops the active actors of a worker whose partition is gone
     * @param timersDueAt  asks for a timer round by then
     * @param nodeStopped  whether the node stopped (waits end then)
     */
    Partitions(LoomSettings settings, Store store, RuntimeMetrics metrics, BiConsumer<PartitionWorker, StoredMessage> dispatch,
               Consumer<PartitionWorker> forgetActors, Consumer<Instant> timersDueAt, BooleanSupplier nodeStopped) {
        this.settings = settings;
        this.messages = store.messages();
        this.clock = settings.clock();
        this.metrics = metrics;
        this.dispatch = dispatch;
        this.forgetActors = forgetActors;
        this.timersDueAt = timersDueAt;
        this.nodeStopped = nodeStopped;
        this.keeper = new LeaseKeeper(store.leases(), settings.nodeId(), store.partitions(), settings.leaseTtl(), clock,
                settings.nanoTime(), this);
        metrics.gauge("loom.partitions.held", "Partitions this node holds", workers::size);
        metrics.gauge("loom.turns.inflight", "Turns running now", inFlight::get);
    }

    LeaseKeeper keeper() {
        return keeper;
    }

    // ---- PartitionListener ---------------------------------------------------------------------------------

    @Override
    public void gained(Lease lease) {
        PartitionWorker w = newWorker(lease.partition(), lease.epoch());
        PartitionWorker old = workers.put(lease.partition(), w);
        if (old != null) {
            old.stop();
            forgetActors.accept(old);
        }
        if (!stopping) {
            w.start();
            // Timers of a partition just taken over may be due already.
            timersDueAt.accept(clock.instant());
        }
    }

    @Override
    public void lost(int partition) {
        PartitionWorker w = workers.remove(partition);
        if (w != null) {
            w.stop();
            forgetActors.accept(w);
            LOG.warn("node {} lost partition {} (epoch {})", settings.nodeId(), partition, w.epoch);
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
        Duration third = settings.leaseTtl().dividedBy(3);
        Duration wait = settings.drainTimeout().compareTo(third) < 0 ? settings.drainTimeout() : third;
        long deadline = System.nanoTime() + wait.toNanos();
        while (w.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000L);
        }
        if (w.inFlight() > 0) {
            LOG.info("handing partition {} back with {} turn(s) still running after {}; the next holder runs them again",
                    partition, w.inFlight(), wait);
        }
        workers.remove(partition, w);
        forgetActors.accept(w);
    }

    // ---- what turns report --------------------------------------------------------------------------------

    /** A commit came back fenced: the lease was taken over. */
    void partitionLost(PartitionWorker w) {
        if (workers.remove(w.partition, w)) {
            keeper.forget(w.partition);
            w.stop();
            forgetActors.accept(w);
            LOG.warn("node {} was fenced off partition {} (epoch {})", settings.nodeId(), w.partition, w.epoch);
        }
    }

    /** The in-memory view of a partition disagrees with the store: rebuild it from the store. */
    void resync(PartitionWorker w) {
        if (workers.get(w.partition) != w) {
            return;
        }
        PartitionWorker fresh = newWorker(w.partition, w.epoch);
        if (workers.replace(w.partition, w, fresh)) {
            w.stop();
            forgetActors.accept(w);
            if (!stopping) {
                fresh.start();
            }
        }
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

    /** Wakes every local worker (dead letters were redriven to any of them). */
    void signalAll() {
        workers.values().forEach(PartitionWorker::signal);
    }

    private PartitionWorker newWorker(int partition, long epoch) {
        return new PartitionWorker(partition, epoch, settings.maxBufferedPerPartition(), settings.fetchBatch(),
                settings.pollInterval(), settings.idlePollInterval(), messages, dispatch, inFlight);
    }

    // ---- views ------------------------------------------------------------------------------------------------

    Map<Integer, PartitionWorker> workers() {
        return Map.copyOf(workers);
    }

    /** The partitions that have a local worker now, with the lease epoch it works under. */
    Map<Integer, Long> heldEpochs() {
        Map<Integer, Long> epochs = new HashMap<>();
        workers.forEach((partition, w) -> epochs.put(partition, w.epoch));
        return epochs;
    }

    /** Wakes the local worker of {@code partition}, if there is one. */
    void wake(int partition) {
        PartitionWorker w = workers.get(partition);
        if (w != null) {
            w.signal();
        }
    }

    /** The local worker of {@code partition}, or null when this node does not hold it. */
    PartitionWorker workerFor(int partition) {
        return workers.get(partition);
    }

    int size() {
        return workers.size();
    }

    Set<Integer> held() {
        return keeper.held();
    }

    Optional<HeldPartition> heldPartition(int partition) {
        return keeper.get(partition);
    }

    int inFlightTurns() {
        return inFlight.get();
    }

    boolean isStopping() {
        return stopping;
    }

    // ---- stopping ------------------------------------------------------------------------------------------------

    /** From now on, no worker starts and actors' loops end after their running turn. */
    void beginStopping() {
        stopping = true;
    }

    /** Stops every worker: nothing more is fetched; running turns finish. */
    void stopWorkers() {
        workers.values().forEach(PartitionWorker::stop);
    }

    /** After the node stopped: forgets the workers. */
    void clear() {
        workers.clear();
    }

    // ---- waits inside the lease ---------------------------------------------------------------------------------

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
        Duration margin = settings.leaseSafetyMargin();
        boolean waited = false;
        while (true) {
            long round = keeper.rounds();
            Optional<Duration> left = keeper.remaining(partition, epoch);
            if (left.isEmpty() || !stillWanted.getAsBoolean() || nodeStopped.getAsBoolean()) {
                return false;
            }
            if (left.get().compareTo(margin) >= 0) {
                return true;
            }
            if (!waited) {
                waited = true;
                metrics.leaseMarginWait();
                LOG.warn("node {}: lease of partition {} (epoch {}) has {} left, under the safety margin {}; waiting"
                        + " for its renewal before starting work", settings.nodeId(), partition, epoch, left.get(), margin);
            }
            keeper.awaitRoundAfter(round, MARGIN_RECHECK_NANOS);
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
            long left = Duration.between(clock.instant(), at).toNanos();
            if (left <= 0 || done.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, 100_000_000L));
        }
    }

    boolean sleep(Duration d, PartitionWorker w) {
        return sleepUntil(clock.instant().plus(d), w);
    }
}
