package dev.loom.actor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What became of a message an actor sent, delivered back to the sending actor as an ordinary message when its
 * type opted in with {@link ActorType.Builder#receivesOutcomes}.
 *
 * <p>The runtime sends an outcome in the same store write that settles the sent message: with the target's turn
 * commit ({@link Kind#COMPLETED}), with its acknowledgement as a duplicate of an already committed idempotency key
 * ({@link Kind#DUPLICATE}, carrying the stored reply), or with its move to the dead-letter queue
 * ({@link Kind#DEAD_LETTERED}). So an outcome exists exactly when its message is settled, even across crashes.
 * Each outcome carries the idempotency key {@link #keyFor(Kind, String)}, so the same outcome is never applied
 * twice, unless the receiving type {@linkplain ActorType.Builder#deduplicatesOutcomes deduplicates outcomes}
 * itself (then it has none). A dead letter that is redriven and then commits produces a second outcome ({@code COMPLETED}) for the
 * same message id: receivers de-duplicate by their own task ids.
 *
 * @param messageId      the id of the message that was sent
 * @param idempotencyKey that message's idempotency key, or {@code null} when it had none
 * @param target         the actor the message was sent to
 * @param kind           how the message was settled
 * @param reply          the reply of the committed turn ({@code COMPLETED}, {@code DUPLICATE}); JSON null otherwise
 * @param error          why it was dead-lettered ({@code DEAD_LETTERED}), or {@code null}
 * @param deadLetterId   the dead letter's id ({@code DEAD_LETTERED}), or {@code null}
 */
public record MessageOutcome(String messageId, String idempotencyKey, ActorRef target, Kind kind, JsonNode reply,
                             Failure error, String deadLetterId) {
    /** How a sent message was settled. */
    public enum Kind {
        /** Its turn committed. */
        COMPLETED,
        /** It was acknowledged without a turn because its idempotency key had already committed. */
        DUPLICATE,
        /** It was moved to the dead-letter queue. */
        DEAD_LETTERED
    }

    /**
     * The failure that dead-lettered a message.
     *
     * @param type    the exception's class name
     * @param message the exception's message, or {@code null}
     */
    public record Failure(String type, String message) {
    }

    public MessageOutcome {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The idempotency key of the outcome of kind {@code kind} for message {@code messageId}: an outcome of one kind
     * for one message is applied at most once by the receiver.
     */
    public static String keyFor(Kind kind, String messageId) {
        return "outcome:" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + messageId;
    }
}
