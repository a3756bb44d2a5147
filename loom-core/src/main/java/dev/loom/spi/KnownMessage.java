package dev.loom.spi;

import java.util.Objects;

/**
 * The message that already holds an idempotency key for its target, reported by
 * {@link MessageStore#enqueueUnlessKnown} and {@link TimerStore#scheduleUnlessKnown} instead of storing a second
 * message with that key.
 *
 * @param messageId the first message's id; {@code null} only when {@code stage} is {@link Stage#COMMITTED} and the
 *                  idempotency record predates stored message ids (see {@link IdempotencyRecord#messageId()})
 * @param stage     where that message is
 */
public record KnownMessage(String messageId, Stage stage) {
    public KnownMessage {
        Objects.requireNonNull(stage, "stage");
        if (messageId == null && stage != Stage.COMMITTED) {
            throw new IllegalArgumentException("a " + stage + " message always has an id");
        }
    }

    /** Where the message holding the key is. */
    public enum Stage {
        /** Its turn committed: an idempotency record exists and has not expired. */
        COMMITTED,
        /** It is in its partition's queue (whether or not a failed attempt was recorded). */
        QUEUED,
        /** It is a pending timer, not deliverable yet. */
        SCHEDULED
    }
}
