package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One committed turn of an actor.
 *
 * @param seq            1, 2, 3... without gaps per actor
 * @param messageId      the message the turn handled
 * @param messageType    its type, e.g. {@code Increment}
 * @param idempotencyKey its idempotency key, or {@code null}
 * @param patch          the RFC 6902 JSON Patch from the previous state to the new one
 * @param traceparent    the trace context the turn ran under, or {@code null}
 * @param committedAt    when the turn was committed
 */
public record JournalEntry(long seq, String messageId, String messageType, String idempotencyKey, JsonNode patch,
                           String traceparent, Instant committedAt) {
}
