package dev.loom.partition;

import dev.loom.spi.Lease;

/**
 * A partition this node holds, with its current lease.
 *
 * @param lease the lease as last acquired or renewed
 */
public record HeldPartition(Lease lease) {
    /** The partition held. */
    public int partition() {
        return lease.partition();
    }

    /** The lease epoch this node's writes to the partition are fenced with. */
    public long epoch() {
        return lease.epoch();
    }
}
