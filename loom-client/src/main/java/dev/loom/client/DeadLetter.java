package dev.loom.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A message that failed its last retry, parked for an operator.
 *
 * @param id            the dead letter's id
 * @param originalQueue the queue it came from (the target's actor type)
 * @param actorType     the target's type
 * @param actorId       the target's id
 * @param message       the whole message as it was enqueued
 * @param error         the last failure (all fields {@code null} when none was recorded)
 * @param attempts      how many times it was tried
 * @param firstFailedAt the first failure, or {@code null}
 * @param lastFailedAt  the last failure, or {@code null}
 */
public record DeadLetter(String id, String originalQueue, String actorType, String actorId, Envelope message,
                         Error error, int attempts, Instant firstFailedAt, Instant lastFailedAt) {
    public DeadLetter {
        error = error == null ? new Error(null, null, null) : error;
    }

    /** The target. */
    public ActorAddress actor() {
        return new ActorAddress(actorType, actorId);
    }

    /**
     * A message as it was enqueued.
     *
     * @param messageId      its id
     * @param actor          its target
     * @param partition      the target's partition
     * @param messageType    its type
     * @param payload        its fields as JSON
     * @param idempotencyKey its idempotency key, or {@code null}
     * @param sender         the sending actor ({@code type/id}), or {@code null} when sent from outside
     * @param traceparent    its trace context, or {@code null}
     * @param enqueuedAt     when it was enqueued
     */
    public record Envelope(String messageId, ActorAddress actor, int partition, String messageType, JsonNode payload,
                           String idempotencyKey, String sender, String traceparent, Instant enqueuedAt) {
    }

    /**
     * A handler's failure. The API leaves out what was not recorded, so this is written the same way.
     *
     * @param type    the exception's class name
     * @param message its message, or {@code null}
     * @param stack   its stack trace, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String type, String message, String stack) {
    }
}
