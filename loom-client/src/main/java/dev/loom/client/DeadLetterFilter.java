package dev.loom.client;

/**
 * Which dead letters to list, redrive or purge; a {@code null} field matches everything.
 *
 * @param queue     the original queue (the target's actor type)
 * @param actorId   the target's id
 * @param errorType the last error's exception class name
 */
public record DeadLetterFilter(String queue, String actorId, String errorType) {
    /** Matches every letter. */
    public static DeadLetterFilter any() {
        return new DeadLetterFilter(null, null, null);
    }

    public DeadLetterFilter withQueue(String value) {
        return new DeadLetterFilter(value, actorId, errorType);
    }

    public DeadLetterFilter withActorId(String value) {
        return new DeadLetterFilter(queue, value, errorType);
    }

    public DeadLetterFilter withErrorType(String value) {
        return new DeadLetterFilter(queue, actorId, value);
    }

    /** {@code true} when no field is set. */
    public boolean matchesAll() {
        return queue == null && actorId == null && errorType == null;
    }
}
