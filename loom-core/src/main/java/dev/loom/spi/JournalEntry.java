package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;

/**
 * One committed turn of an actor.
 *
 * @param actor          the actor
 * @param seq            1 for the actor's first turn, then contiguous
 * @param messageId      the message the turn handled
 * @param messageType    that message's type name
 * @param idempotencyKey that message's key, or {@code null}
 * @param patch          RFC 6902 JSON Patch (JSON text) from the previous state to the new one
 * @param traceparent    W3C trace context of the turn, or {@code null}
 * @param committedAt    commit time
 */
public record JournalEntry(ActorRef actor, long seq, String messageId, String messageType, String idempotencyKey,
                           String patch, String traceparent, Instant committedAt) {
}
