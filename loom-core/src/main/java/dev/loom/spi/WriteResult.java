package dev.loom.spi;

/** What a store did with one {@link Write}. */
public sealed interface WriteResult {
    /** The write is durable. */
    record Applied() implements WriteResult {
    }

    /** Nothing was applied: the author's epoch is not the partition's current one. */
    record Fenced(int partition, long staleEpoch) implements WriteResult {
    }

    /** Nothing was applied: the write conflicts with what is stored; {@code reason} says how. */
    record Rejected(String reason) implements WriteResult {
    }

    /** The single {@link Applied} value. */
    WriteResult APPLIED = new Applied();
}
