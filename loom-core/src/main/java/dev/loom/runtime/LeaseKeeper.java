package dev.loom.runtime;

import dev.loom.spi.Lease;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.NodeRecord;
import dev.loom.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's share of partition leases: heartbeats its membership, renews held leases (call
 * {@link #tick()} at a third of the TTL), takes free or expired partitions up to an even share ({@link #share}:
 * {@code partitions / live members}, one more for the first {@code partitions % members} nodes by id), and hands
 * back partitions beyond that share. A lease that could
 * not be renewed before it expired counts as lost, even if the store is unreachable, because another node may
 * take it then. Rounds also run at once on a membership hint ({@link #tickSoon}), so that a graceful stop or a
 * new node rebalances within milliseconds on a store that gives such hints.
 */
final class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final LeaseStore leases;
    private final String nodeId;
    private final int partitions;
    private final Duration ttl;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PartitionListener listener;
    private final Map<Integer, HeldPartition> held = new ConcurrentHashMap<>();
    private final AtomicBoolean roundDue = new AtomicBoolean();
    /** Guards {@link #rounds}; turns waiting for a renewal wait on {@link #roundEnded} (not a monitor: no pinning). */
    private final ReentrantLock roundLock = new ReentrantLock();
    private final Condition roundEnded = roundLock.newCondition();
    private volatile long rounds;
    private volatile boolean stopped;

    /**
     * @param clock    the wall clock lease expiries are stated in (the store compares them across nodes)
     * @param nanoTime this node's monotonic clock, which {@link #remaining} measures by: unlike the wall clock it
     *                 keeps counting while the process is paused and never jumps back
     */
    public LeaseKeeper(LeaseStore leases, String nodeId, int partitions, Duration ttl, Clock clock, LongSupplier nanoTime,
                       PartitionListener listener) {
        this.leases = leases;
        this.nodeId = nodeId;
        this.partitions = partitions;
        this.ttl = ttl;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.listener = listener;
    }

    /** Partitions held now. */
    public Set<Integer> held() {
        return new TreeSet<>(held.keySet());
    }

    /** The held partition, if held. */
    public Optional<HeldPartition> get(int partition) {
        return Optional.ofNullable(held.get(partition));
    }

    /**
     * What is left of this node's lease on {@code partition} at {@code epoch}, by the monotonic clock from when its
     * last acquisition or renewal was issued (so a pause of the process counts as spent); empty when the partition
     * is not held at that epoch. Negative once the lease ran out without a renewal being seen.
     */
    public Optional<Duration> remaining(int partition, long epoch) {
        HeldPartition h = held.get(partition);
        return h == null || h.epoch() != epoch ? Optional.empty() : Optional.of(h.remaining(ttl, nanoTime.getAsLong()));
    }

    /** Forgets a partition whose lease was found lost elsewhere (a fenced commit). */
    public void forget(int partition) {
        held.remove(partition);
        endRound();
    }

    /** How many lease rounds (and forgotten partitions) there have been: read before {@link #remaining}. */
    long rounds() {
        return rounds;
    }

    /**
     * Waits until a lease round ends after the {@code seen} one of {@link #rounds()} (it may have renewed or lost a
     * lease), or at most {@code maxNanos}. Turns under the lease's safety margin wait here instead of polling: under
     * load a node can have thousands of them, and each poll is a park, an unpark and a carrier's time.
     */
    void awaitRoundAfter(long seen, long maxNanos) {
        roundLock.lock();
        try {
            long left = maxNanos;
            while (rounds == seen && left > 0) {
                left = roundEnded.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            roundLock.unlock();
        }
    }

    private void endRound() {
        roundLock.lock();
        try {
            rounds++;
            roundEnded.signalAll();
        } finally {
            roundLock.unlock();
        }
    }

    /**
     * Runs a round soon on a virtual thread, for a hint that the cluster changed ({@code LeaseStore.watchMembership});
     * calls while a round is due but not begun are absorbed by it.
     */
    public void tickSoon() {
        if (!stopped && !roundDue.getAndSet(true)) {
            Thread.ofVirtual().name("loom-lease-round").start(() -> {
                roundDue.set(false);
                tick();
            });
        }
    }

    /** One round: heartbeat, renew, rebalance. Store failures are logged; held leases then age out. No-op once stopped. */
    public synchronized void tick() {
        if (stopped) {
            return;
        }
        long issuedNanos = nanoTime.getAsLong();
        Instant now = clock.instant();
        try {
            renewAll(now, issuedNanos);
        } finally {
            // Turns waiting for the renewal go on now, not after the heartbeat and the membership read.
            endRound();
        }
        try {
            leases.heartbeat(nodeId, ttl, now);
            int share = share(nodeId, leases.members(now).stream().map(NodeRecord::nodeId).toList(), partitions);
            if (held.size() < share) {
                acquireUpTo(share, now, issuedNanos);
            } else if (held.size() > share) {
                releaseDownTo(share);
            }
        } catch (StoreException e) {
            LOG.warn("lease round failed: {}", e.getMessage());
        } finally {
            endRound();
        }
    }

    /** Stops the rounds without releasing anything, as a crash would: held leases expire. */
    public synchronized void stop() {
        stopped = true;
    }

    /** Stops the rounds, releases every held lease (graceful stop) and leaves the membership. */
    public synchronized void releaseAll() {
        stopped = true;
        for (HeldPartition h : List.copyOf(held.values())) {
            held.remove(h.partition());
            try {
                leases.release(h.lease());
            } catch (StoreException e) {
                LOG.warn("could not release partition {}: {}; it expires in at most {}", h.partition(), e.getMessage(), ttl);
            }
        }
        try {
            leases.leave(nodeId);
        } catch (StoreException e) {
            LOG.warn("could not leave the membership: {}", e.getMessage());
        }
    }

    /**
     * The share of {@code nodeId} among the live {@code members} (it counts even if missing there): every node gets
     * {@code partitions / members}, and the first {@code partitions % members} nodes by id one more, so shares
     * differ by at most one and add up to the partition count.
     */
    static int share(String nodeId, List<String> members, int partitions) {
        TreeSet<String> ids = new TreeSet<>(members);
        ids.add(nodeId);
        int rank = ids.headSet(nodeId).size();
        return partitions / ids.size() + (rank < partitions % ids.size() ? 1 : 0);
    }

    private void renewAll(Instant now, long issuedNanos) {
        List<HeldPartition> current = List.copyOf(held.values());
        if (current.isEmpty()) {
            return;
        }
        List<Optional<Lease>> renewed;
        try {
            renewed = leases.renewAll(current.stream().map(HeldPartition::lease).toList(), ttl, now);
        } catch (StoreException e) {
            for (HeldPartition h : current) {
                if (!now.isBefore(h.lease().expiresAt())) {
                    LOG.warn("lease of partition {} expired unrenewed ({}); stopping work on it", h.partition(), e.getMessage());
                    lose(h.partition());
                }
            }
            return;
        }
        for (int i = 0; i < current.size(); i++) {
            HeldPartition h = current.get(i);
            Optional<Lease> r = renewed.get(i);
            if (r.isPresent()) {
                held.put(h.partition(), new HeldPartition(r.get(), issuedNanos));
            } else {
                LOG.warn("lease of partition {} (epoch {}) was taken over", h.partition(), h.epoch());
                lose(h.partition());
            }
        }
    }

    private void lose(int partition) {
        if (held.remove(partition) != null) {
            listener.lost(partition);
        }
    }

    private void acquireUpTo(int share, Instant now, long issuedNanos) {
        Map<Integer, Lease> current = new HashMap<>();
        for (Lease l : leases.all()) {
            current.put(l.partition(), l);
        }
        int start = Math.floorMod(nodeId.hashCode(), partitions);
        for (int i = 0; i < partitions && held.size() < share; i++) {
            int p = (start + i) % partitions;
            if (held.containsKey(p)) {
                continue;
            }
            Lease l = current.get(p);
            boolean free = l == null || !now.isBefore(l.expiresAt()) || l.holder().equals(nodeId);
            if (free) {
                leases.acquire(p, nodeId, ttl, now).ifPresent(lease -> {
                    held.put(p, new HeldPartition(lease, issuedNanos));
                    listener.gained(lease);
                });
            }
        }
    }

    private void releaseDownTo(int share) {
        List<Integer> extra = held.keySet().stream().sorted().skip(share).toList();
        for (int p : extra) {
            HeldPartition h = held.get(p);
            listener.releasing(p);
            held.remove(p);
            leases.release(h.lease());
            LOG.info("handed back partition {} to rebalance", p);
        }
    }
}
