package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A message as the store keeps it: everything needed to deliver it again, on any node, after any crash.
 *
 * @param messageId      unique id of this message (assigned by the sender side; stable across redelivery and redrive)
 * @param target         the actor the message is for
 * @param partition      the target's partition ({@code 0 <= partition < Store.partitions()})
 * @param messageType    the message's type name within the target's actor type
 * @param payload        the message as JSON text
 * @param idempotencyKey the de-duplication key, scoped to {@code target}; {@code null} when absent
 * @param sender         who sent it ({@code type/id} of an actor, or a client label); {@code null} when unknown
 * @param traceparent    W3C trace context; {@code null} when absent
 * @param enqueuedAt     when the message was first accepted
 */
public record Envelope(String messageId, ActorRef target, int partition, String messageType, String payload,
                       String idempotencyKey, String sender, String traceparent, Instant enqueuedAt) {
    public Envelope {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
    }
}
