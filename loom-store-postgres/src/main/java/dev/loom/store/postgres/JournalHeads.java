package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The journal heads (the larger of the newest entry's and the newest snapshot's seq) that this store handle's own
 * commits read or wrote, per partition and lease epoch, so that the next commit of those actors need not read them
 * again.
 *
 * <p>Why a remembered head is still true: a head only rises by a journal entry, and every journal entry is written
 * by a commit fenced on its partition's epoch inside the committing transaction. While the epoch a commit locks
 * for a partition equals the one a head was remembered under, no other holder can have written to that partition
 * in between (it would have needed a newer epoch); a commit that finds a different epoch forgets the partition's
 * heads. Trimming and snapshots never lower a head. A commit whose outcome is unknown, or any failed batch,
 * forgets everything ({@link #clear}), as does an import, and the isolated rerun of a failed batch reads every head
 * from the database. The table holds at most {@link #MAX_ACTORS} actors and starts over when it is full.
 *
 * <p>Thread-safe; in practice used by the handle's one group-commit thread.
 */
final class JournalHeads {
    /** Bound on remembered actors (about 100 bytes each). */
    static final int MAX_ACTORS = 200_000;

    private record Partition(long epoch, Map<ActorRef, Long> heads) {
    }

    private final Map<Integer, Partition> byPartition = new HashMap<>();
    private int size;

    /** The remembered head of {@code actor} in {@code partition} at {@code epoch}, if there is one. */
    synchronized OptionalLong get(int partition, long epoch, ActorRef actor) {
        Partition p = byPartition.get(partition);
        if (p == null || p.epoch() != epoch) {
            return OptionalLong.empty();
        }
        Long head = p.heads().get(actor);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }

    /** Remembers heads read or written by a transaction that committed with {@code partition} at {@code epoch}. */
    synchronized void put(int partition, long epoch, ActorRef actor, long head) {
        Partition p = byPartition.get(partition);
        if (p == null || p.epoch() != epoch) {
            if (p != null) {
                size -= p.heads().size();
            }
            p = new Partition(epoch, new HashMap<>());
            byPartition.put(partition, p);
        }
        if (p.heads().put(actor, head) == null) {
            size++;
        }
        if (size > MAX_ACTORS) {
            clear();
        }
    }

    /** Forgets every head. */
    synchronized void clear() {
        byPartition.clear();
        size = 0;
    }
}
