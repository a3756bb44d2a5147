package dev.loom.spi;

import java.time.Instant;

/**
 * A filter over dead letters; every non-null field must match. Results are ordered by id.
 *
 * @param queue        original queue (actor type), or {@code null}
 * @param actorId      target actor id, or {@code null}
 * @param errorType    exact exception class name, or {@code null}
 * @param sender       exact {@link Envelope#sender()} of the dead-lettered message, or {@code null}; a letter whose
 *                     message has no sender never matches a non-null value
 * @param failedAfter  only letters whose {@link DeadLetter#lastFailedAt()} is at or after this instant, or
 *                     {@code null}
 * @param failedBefore only letters whose {@link DeadLetter#lastFailedAt()} is before this instant (exclusive), or
 *                     {@code null}
 * @param afterId      return only ids greater than this (paging cursor), or {@code null}
 * @param limit        at most this many (1..10,000)
 */
public record DeadLetterQuery(String queue, String actorId, String errorType, String sender, Instant failedAfter,
                              Instant failedBefore, String afterId, int limit) {
    public DeadLetterQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000: " + limit);
        }
        if (failedAfter != null && failedBefore != null && !failedAfter.isBefore(failedBefore)) {
            throw new IllegalArgumentException("failedAfter (" + failedAfter + ") must be before failedBefore ("
                    + failedBefore + ")");
        }
    }

    /** A filter by queue, actor id and error type only. */
    public DeadLetterQuery(String queue, String actorId, String errorType, String afterId, int limit) {
        this(queue, actorId, errorType, null, null, null, afterId, limit);
    }

    /** Everything, first page of {@code limit}. */
    public static DeadLetterQuery all(int limit) {
        return new DeadLetterQuery(null, null, null, null, limit);
    }

    /** Whether {@code dl} matches the filter fields (the cursor and limit are not considered). */
    public boolean matches(DeadLetter dl) {
        return (queue == null || queue.equals(dl.originalQueue()))
                && (actorId == null || actorId.equals(dl.actor().id()))
                && (errorType == null || (dl.error() != null && errorType.equals(dl.error().type())))
                && (sender == null || sender.equals(dl.message().sender()))
                && (failedAfter == null || (dl.lastFailedAt() != null && !dl.lastFailedAt().isBefore(failedAfter)))
                && (failedBefore == null || (dl.lastFailedAt() != null && dl.lastFailedAt().isBefore(failedBefore)));
    }

    /** Whether a filter field is set; an empty filter selects every dead letter. */
    public boolean filters() {
        return queue != null || actorId != null || errorType != null || sender != null || failedAfter != null
                || failedBefore != null;
    }

    /** The same filter, next page after {@code id}. */
    public DeadLetterQuery after(String id) {
        return new DeadLetterQuery(queue, actorId, errorType, sender, failedAfter, failedBefore, id, limit);
    }

    /** The same filter and cursor, limited to letters of {@code sender}. */
    public DeadLetterQuery withSender(String sender) {
        return new DeadLetterQuery(queue, actorId, errorType, sender, failedAfter, failedBefore, afterId, limit);
    }

    /** The same filter and cursor, limited to letters that last failed in {@code [after, before)}; either may be null. */
    public DeadLetterQuery failedBetween(Instant after, Instant before) {
        return new DeadLetterQuery(queue, actorId, errorType, sender, after, before, afterId, limit);
    }
}
