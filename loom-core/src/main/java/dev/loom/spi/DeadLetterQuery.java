package dev.loom.spi;

/**
 * A filter over dead letters; every non-null field must match. Results are ordered by id.
 *
 * @param queue     original queue (actor type), or {@code null}
 * @param actorId   target actor id, or {@code null}
 * @param errorType exact exception class name, or {@code null}
 * @param afterId   return only ids greater than this (paging cursor), or {@code null}
 * @param limit     at most this many (1..10,000)
 */
public record DeadLetterQuery(String queue, String actorId, String errorType, String afterId, int limit) {
    public DeadLetterQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000: " + limit);
        }
    }

    /** Everything, first page of {@code limit}. */
    public static DeadLetterQuery all(int limit) {
        return new DeadLetterQuery(null, null, null, null, limit);
    }

    /** Whether {@code dl} matches the filter fields (the cursor and limit are not considered). */
    public boolean matches(DeadLetter dl) {
        return (queue == null || queue.equals(dl.originalQueue()))
                && (actorId == null || actorId.equals(dl.actor().id()))
                && (errorType == null || (dl.error() != null && errorType.equals(dl.error().type())));
    }

    /** The same filter, next page after {@code id}. */
    public DeadLetterQuery after(String id) {
        return new DeadLetterQuery(queue, actorId, errorType, id, limit);
    }
}
