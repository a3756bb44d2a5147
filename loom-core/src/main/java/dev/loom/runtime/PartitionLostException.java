package dev.loom.runtime;

/** This node's lease on a partition was taken over; the turn stops without committing. */
final class PartitionLostException extends RuntimeException {
    PartitionLostException(int partition) {
        super("lease of partition " + partition + " was lost", null, false, false);
    }
}
