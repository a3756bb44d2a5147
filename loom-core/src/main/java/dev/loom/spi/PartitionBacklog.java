package dev.loom.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How far a partition's worker is behind: the messages of one partition still in the inbox.
 *
 * @param partition      the partition
 * @param pending        messages queued (retries waiting for their backoff included)
 * @param oldestEnqueued enqueue time of the oldest of them, or {@code null} when none is queued
 */
public record PartitionBacklog(int partition, long pending, Instant oldestEnqueued) {
    public PartitionBacklog {
        if (pending < 0) {
            throw new IllegalArgumentException("pending must be >= 0: " + pending);
        }
        if ((pending == 0) != (oldestEnqueued == null)) {
            throw new IllegalArgumentException("oldestEnqueued must be null exactly when nothing is pending");
        }
    }

    /**
     * One entry per partition of {@code partitions}, in their order: the one {@code found} has for it, or an empty
     * backlog (the shape {@link MessageStore#backlog} answers when a store's query returns only non-empty
     * partitions).
     *
     * @throws IllegalArgumentException if a partition is negative
     */
    public static List<PartitionBacklog> inOrder(Collection<Integer> partitions, Map<Integer, PartitionBacklog> found) {
        List<PartitionBacklog> out = new ArrayList<>(partitions.size());
        for (int p : partitions) {
            if (p < 0) {
                throw new IllegalArgumentException("partition must be >= 0: " + p);
            }
            out.add(found.getOrDefault(p, new PartitionBacklog(p, 0, null)));
        }
        return out;
    }
}
