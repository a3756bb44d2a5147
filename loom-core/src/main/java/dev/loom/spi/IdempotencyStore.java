package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;

/** Read side of idempotency records. Inserted by {@link Write.TurnCommit}. */
public interface IdempotencyStore {
    /** The record for {@code key} of {@code actor}, unless it does not exist or expired at {@code now}. */
    Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now);

    /** Deletes records expired at {@code now}; returns how many. */
    int purgeExpired(Instant now);

    /**
     * Subscribes {@code listener} to hints that a node of this store committed, in a partition, a turn with an
     * idempotency record or a dead letter, so that an ask waiting on one node for a turn another node runs learns
     * of the reply sooner than by polling {@link #find}. The argument is the partition.
     *
     * <p>A hint only: hints may be coalesced (one for many commits), late, or missing (a lost connection), and may
     * also come for commits of this process. Callers keep polling {@link #find} behind it. The listener runs on a
     * store thread: it must return quickly and must not call the store.
     *
     * <p>The default never calls the listener: a store whose writers all live in this process needs nothing more,
     * since the runtime that commits a turn completes its local asks itself. A store shared by several nodes
     * should report commits from other nodes (PostgreSQL: a coalesced {@code NOTIFY}).
     *
     * @return the subscription; closing it stops the calls
     */
    default HintSubscription watchReplies(IntConsumer listener) {
        return HintSubscription.NONE;
    }
}
