package dev.loom.runtime;

import dev.loom.spi.Lease;
import java.time.Duration;

/**
 * A partition this node holds, with its current lease.
 *
 * @param lease          the lease as last acquired or renewed
 * @param renewedAtNanos the node's monotonic clock ({@link LeaseKeeper}'s) when that acquisition or renewal was
 *                       issued: the lease runs for its TTL from no earlier than this instant, so time measured from
 *                       it never overstates what is left, whatever the wall clock does
 */
record HeldPartition(Lease lease, long renewedAtNanos) {
    /** The partition held. */
    public int partition() {
        return lease.partition();
    }

    /** The lease epoch this node's writes to the partition are fenced with. */
    public long epoch() {
        return lease.epoch();
    }

    /** What is left of the lease at {@code nowNanos} (same monotonic clock) for a lease of {@code ttl}; negative once past. */
    public Duration remaining(Duration ttl, long nowNanos) {
        return ttl.minusNanos(nowNanos - renewedAtNanos);
    }
}
