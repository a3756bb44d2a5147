package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The journal heads (the larger of the newest entry's and the newest snapshot's seq) that this store handle's own
 * commits read or wrote, each with the partition and lease epoch its commit was fenced on, so that the next commit
 * of those actors need not read them again.
 *
 * <p>Why a remembered head is still true: a head only rises by a journal entry, and every journal entry is written
 * by a commit fenced on its partition's epoch inside the committing transaction. While the epoch a commit locks
 * for a partition equals the one a head was remembered under, no other holder can have written to that partition
 * in between (it would have needed a newer epoch); a head remembered under another epoch or partition is not
 * used. Trimming and snapshots never lower a head. A commit whose outcome is unknown, or any failed batch,
 * forgets everything ({@link #clear}), as does an import, and the isolated rerun of a failed batch reads every head
 * from the database. The table holds at most {@link #MAX_ACTORS} actors and starts over when it is full.
 *
 * <p>Thread-safe; in practice used by the handle's one group-commit thread.
 */
final class JournalHeads {
    /** Bound on remembered actors (about 100 bytes each). */
    static final int MAX_ACTORS = 200_000;

    /** A head and the partition and epoch its commit was fenced on. */
    private record Head(int partition, long epoch, long seq) {
    }

    // One entry per actor, whatever partition its writes name, so no older entry can survive under another one.
    private final Map<ActorRef, Head> heads = new HashMap<>();

    /** The remembered head of {@code actor}, if a commit fenced on {@code partition} at {@code epoch} left it. */
    synchronized OptionalLong get(int partition, long epoch, ActorRef actor) {
        Head h = heads.get(actor);
        return h != null && h.partition() == partition && h.epoch() == epoch
                ? OptionalLong.of(h.seq())
                : OptionalLong.empty();
    }

    /** Remembers a head read or written by a transaction that committed with {@code partition} at {@code epoch}. */
    synchronized void put(int partition, long epoch, ActorRef actor, long head) {
        if (heads.size() >= MAX_ACTORS && !heads.containsKey(actor)) {
            heads.clear();
        }
        heads.put(actor, new Head(partition, epoch, head));
    }

    /** Forgets every head. */
    synchronized void clear() {
        heads.clear();
    }
}
