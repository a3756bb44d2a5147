package dev.loom.client;

import java.time.Instant;
import java.util.List;

/**
 * Every partition's lease as the store has it, with its backlog.
 *
 * @param partitions the leases
 * @param node       the id of the node that answered
 */
public record Partitions(List<Lease> partitions, String node) {
    public Partitions {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /**
     * @param partition the partition number
     * @param holder    the holding node's id
     * @param epoch     the lease's epoch (grows at every takeover)
     * @param expiresAt when the lease runs out unless renewed
     * @param heldHere  whether the answering node holds it
     * @param pending          messages of the partition queued (its lag), retries included
     * @param oldestAgeSeconds age of the oldest of them; 0 when none is queued
     */
    public record Lease(int partition, String holder, long epoch, Instant expiresAt, boolean heldHere, long pending,
                        double oldestAgeSeconds) {
    }
}
