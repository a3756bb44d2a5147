package dev.loom.client;

import java.time.Instant;

/**
 * Which dead letters to list, redrive or purge; a {@code null} field matches everything.
 *
 * @param queue        the original queue (the target's actor type)
 * @param actorId      the target's id
 * @param errorType    the last error's exception class name
 * @param sender       the exact sender of the dead-lettered message (an actor's {@code type/id}, or a label such as
 *                     {@code loom.pipeline/<runId>})
 * @param failedAfter  only letters whose last failure is at or after this instant
 * @param failedBefore only letters whose last failure is before this instant (exclusive)
 */
public record DeadLetterFilter(String queue, String actorId, String errorType, String sender, Instant failedAfter,
                               Instant failedBefore) {
    /** A filter by queue, actor id and error type. */
    public DeadLetterFilter(String queue, String actorId, String errorType) {
        this(queue, actorId, errorType, null, null, null);
    }

    /** Matches every letter. */
    public static DeadLetterFilter any() {
        return new DeadLetterFilter(null, null, null);
    }

    public DeadLetterFilter withQueue(String value) {
        return new DeadLetterFilter(value, actorId, errorType, sender, failedAfter, failedBefore);
    }

    public DeadLetterFilter withActorId(String value) {
        return new DeadLetterFilter(queue, value, errorType, sender, failedAfter, failedBefore);
    }

    public DeadLetterFilter withErrorType(String value) {
        return new DeadLetterFilter(queue, actorId, value, sender, failedAfter, failedBefore);
    }

    public DeadLetterFilter withSender(String value) {
        return new DeadLetterFilter(queue, actorId, errorType, value, failedAfter, failedBefore);
    }

    /** Letters whose last failure is in {@code [after, before)}; either bound may be {@code null}. */
    public DeadLetterFilter failedBetween(Instant after, Instant before) {
        return new DeadLetterFilter(queue, actorId, errorType, sender, after, before);
    }

    /** {@code true} when no field is set. */
    public boolean matchesAll() {
        return queue == null && actorId == null && errorType == null && sender == null && failedAfter == null
                && failedBefore == null;
    }
}
