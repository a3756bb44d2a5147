package dev.loom.partition;

import dev.loom.spi.Lease;

/**
 * A partition this node holds, with its current lease.
 *
 * @param lease the lease as last acquired or renewed
 */
public record HeldPartition(Lease lease) {
    public int partition() {
        return lease.partition();
    }

    public long epoch() {
        return lease.epoch();
    }
}
