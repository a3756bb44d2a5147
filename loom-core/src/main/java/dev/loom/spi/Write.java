package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fenced, all-or-nothing change submitted through {@link Store#commit(List)}.
 *
 * <p>Every write names the {@link #partition()} it belongs to and the {@link #epoch()} of the lease its
 * author holds. A store applies a write only if that epoch is the partition's current lease epoch;
 * otherwise it applies nothing of it and answers {@link WriteResult.Fenced}. A write is applied whole or
 * not at all: a write that cannot be applied whole answers {@link WriteResult.Rejected} and leaves no trace.
 */
public sealed interface Write {
    /** The partition whose lease fences this write. */
    int partition();

    /** The lease epoch the author holds. */
    long epoch();

    /**
     * A handled message's effects, committed together: the journal entry, optional snapshot (and trim),
     * outgoing messages, timers, reminder cancellations, the idempotency record and the removal of the
     * handled message from its queue.
     *
     * <p>Rejected, with nothing applied, when the message {@code messageSeq} is no longer queued or the
     * actor's journal already has an entry at {@code entry.seq()} or the entry does not follow the last one.
     *
     * @param messageSeq       seq of the handled message in its queue
     * @param entry            the journal entry to append ({@code seq} = last seq + 1)
     * @param snapshot         a snapshot to store, or {@code null}
     * @param trimToSnapshot   with a snapshot: also delete journal entries and older snapshots up to its seq
     * @param sends            messages to enqueue (in list order, each in its own partition)
     * @param timers           timers and reminders to store
     * @param cancelReminders  names of this actor's reminders to delete (with their pending timers)
     * @param idempotency      the idempotency record to insert (ignored if the key exists), or {@code null}
     */
    record TurnCommit(int partition, long epoch, long messageSeq, JournalEntry entry, Snapshot snapshot,
                      boolean trimToSnapshot, List<Envelope> sends, List<TimerRequest> timers,
                      List<String> cancelReminders, IdempotencyRecord idempotency) implements Write {
        public TurnCommit {
            Objects.requireNonNull(entry, "entry");
            sends = List.copyOf(sends);
            timers = List.copyOf(timers);
            cancelReminders = List.copyOf(cancelReminders);
        }

        /**
         * Why this turn cannot follow an actor journal whose last seq is {@code lastSeq}, judged on the write alone:
         * its entry does not come right after, or its snapshot is of another actor or beyond the entry. Every store
         * rejects the turn with this reason; the checks that need the store's data (the message still queued, the
         * partitions of sends and timers) are the store's.
         *
         * @return the reason, or empty when the entry and snapshot fit
         */
        public Optional<String> problemAfter(long lastSeq) {
            if (entry.seq() <= lastSeq) {
                return Optional.of("the journal of " + entry.actor() + " already has an entry at seq " + entry.seq()
                        + " (its last seq is " + lastSeq + ")");
            }
            if (entry.seq() != lastSeq + 1) {
                return Optional.of("journal entry seq " + entry.seq() + " of " + entry.actor()
                        + " does not follow its last seq " + lastSeq);
            }
            if (snapshot != null && !snapshot.actor().equals(entry.actor())) {
                return Optional.of("the turn of " + entry.actor() + " carries a snapshot of " + snapshot.actor());
            }
            if (snapshot != null && snapshot.seq() > entry.seq()) {
                return Optional.of("snapshot seq " + snapshot.seq() + " of " + entry.actor()
                        + " is beyond the turn's journal seq " + entry.seq());
            }
            return Optional.empty();
        }
    }

    /**
     * Appends a durable step's result to a queued message's recorded steps. Rejected when the message is
     * no longer queued or a step with that index is already recorded.
     */
    record StepRecorded(int partition, long epoch, long messageSeq, StepRecord step) implements Write {
    }

    /**
     * Records a failed attempt of a queued message: its attempt count, when it may run again, the error.
     * Rejected when the message is no longer queued.
     */
    record AttemptFailed(int partition, long epoch, long messageSeq, int attempts, Instant notBefore,
                         ErrorInfo error, Instant failedAt) implements Write {
    }

    /**
     * Moves a queued message to the dead-letter queue: removes it from its queue, stores {@code deadLetter} and
     * enqueues {@code sends} (in list order, each in its own partition), all in one change. Rejected, with nothing
     * applied, when the message is no longer queued, the dead letter's id exists, or a send's partition is not the
     * store's. The runtime uses {@code sends} for the {@link dev.loom.actor.MessageOutcome outcome} of the message,
     * so the outcome exists exactly when the dead letter does.
     *
     * @param sends messages to enqueue with the move (possibly empty)
     */
    record DeadLettered(int partition, long epoch, long messageSeq, DeadLetter deadLetter, List<Envelope> sends)
            implements Write {
        public DeadLettered {
            Objects.requireNonNull(deadLetter, "deadLetter");
            sends = List.copyOf(sends);
        }

        /** A move that enqueues nothing. */
        public DeadLettered(int partition, long epoch, long messageSeq, DeadLetter deadLetter) {
            this(partition, epoch, messageSeq, deadLetter, List.of());
        }
    }

    /**
     * Acknowledges a queued message without a turn (its idempotency key was already committed): removes it from
     * its queue and enqueues {@code sends}, in one change. Rejected, with nothing applied, when the message is no
     * longer queued or a send's partition is not the store's. The runtime uses {@code sends} for the
     * {@link dev.loom.actor.MessageOutcome outcome} of the duplicate.
     *
     * @param sends messages to enqueue with the acknowledgement (possibly empty)
     */
    record Acknowledged(int partition, long epoch, long messageSeq, List<Envelope> sends) implements Write {
        public Acknowledged {
            sends = List.copyOf(sends);
        }

        /** An acknowledgement that enqueues nothing. */
        public Acknowledged(int partition, long epoch, long messageSeq) {
            this(partition, epoch, messageSeq, List.of());
        }
    }

    /**
     * Fires a due timer: deletes it and, in the same change, enqueues {@code deliver} (unless {@code null},
     * which skips this fire) and stores {@code next} (unless {@code null}). Rejected when the timer no
     * longer exists, so a timer fires at most once.
     */
    record FireTimer(int partition, long epoch, long timerId, Envelope deliver, TimerRequest next) implements Write {
    }

    /**
     * Stores a snapshot outside a turn and, if {@code trim}, deletes journal entries and older snapshots up
     * to its seq. Rejected when the snapshot's seq is greater than the actor's last journal seq.
     */
    record SnapshotTaken(int partition, long epoch, Snapshot snapshot, boolean trim) implements Write {
    }

    /**
     * Deletes the actor's journal entries with seq at most {@code upToSeq}. Rejected, with nothing deleted,
     * when {@code upToSeq} is greater than the seq of the actor's latest snapshot.
     */
    record Trim(int partition, long epoch, ActorRef actor, long upToSeq) implements Write {
    }
}
