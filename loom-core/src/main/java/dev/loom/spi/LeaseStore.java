package dev.loom.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Partition leases and cluster membership. All methods are atomic with respect to each other and to
 * {@link Store#commit}: once {@link #acquire} has given a partition a new epoch, no write with an older
 * epoch of that partition is applied.
 */
public interface LeaseStore {
    /**
     * Takes the lease of {@code partition} for {@code nodeId} until {@code now + ttl}, when the partition
     * has never been leased, its lease expired at {@code now}, or it is held by {@code nodeId} itself (a
     * restarted node takes its partitions back at once). Every successful acquire gives the partition a new
     * epoch, greater than any before it, which fences every earlier holder, including an earlier
     * incarnation of the same node. Use {@link #renew} to extend a lease without changing its epoch.
     *
     * @return the new lease, or empty when another node holds it unexpired
     */
    Optional<Lease> acquire(int partition, String nodeId, Duration ttl, Instant now);

    /**
     * Extends {@code lease} to {@code now + ttl} if its holder and epoch are still current (even when it
     * expired and nobody took it).
     *
     * @return the renewed lease, or empty when it was lost
     */
    Optional<Lease> renew(Lease lease, Duration ttl, Instant now);

    /** Gives up {@code lease} if still current (it expires at once; the epoch is kept). */
    void release(Lease lease);

    /** Every partition's lease (expired ones included), by partition. */
    List<Lease> all();

    /** Records that {@code nodeId} is alive until {@code now + ttl}. */
    void heartbeat(String nodeId, Duration ttl, Instant now);

    /** Removes {@code nodeId} from the members. */
    void leave(String nodeId);

    /** Members alive at {@code now}, by node id. */
    List<NodeRecord> members(Instant now);

    /**
     * Subscribes {@code listener} to hints that the cluster changed: a node joined or left, or a lease was released
     * (by any node of this store, this process included), so that the runtime runs its next lease round at once
     * rather than at its period: a node that stops gracefully hands its partitions over in milliseconds, and a
     * new node gets its share as soon as the others handed it back.
     *
     * <p>A hint only: it may be coalesced, late or missing; lease rounds still run on their period. The listener runs
     * on a store thread: it must return quickly and must not call the store.
     *
     * <p>The default never calls the listener; the cluster then changes at the period of the lease rounds.
     *
     * @return the subscription; closing it stops the calls
     */
    default HintSubscription watchMembership(Runnable listener) {
        return HintSubscription.NONE;
    }
}
