package dev.loom.runtime;

import dev.loom.spi.Lease;

/** Told by {@link LeaseKeeper} when this node gains, loses or hands back a partition. */
interface PartitionListener {
    /** The node now holds {@code lease}'s partition with its epoch. */
    void gained(Lease lease);

    /** The lease was taken over or expired unrenewed; stop working on the partition at once. */
    void lost(int partition);

    /**
     * The node gives the partition up to rebalance: stop taking work, let running turns finish. Called before
     * the lease is released, from the lease round, whose other leases wait for it: return within a fraction of the
     * lease TTL even if turns still run (they are fenced off by the next holder's epoch).
     */
    void releasing(int partition);
}
