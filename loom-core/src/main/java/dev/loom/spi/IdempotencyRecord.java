package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;

/**
 * Proof that a message with {@code key} was committed for {@code actor}, and the reply its turn gave.
 *
 * @param actor       the actor the key is scoped to
 * @param key         the idempotency key
 * @param reply       the turn's reply as JSON text ({@code "null"} when the handler gave none)
 * @param committedAt when the turn committed
 * @param expiresAt   after this instant the record no longer exists for readers
 */
public record IdempotencyRecord(ActorRef actor, String key, String reply, Instant committedAt, Instant expiresAt) {
}
