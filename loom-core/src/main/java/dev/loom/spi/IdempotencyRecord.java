package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;

/**
 * Proof that a message with {@code key} was committed for {@code actor}, and the reply its turn gave.
 *
 * @param actor       the actor the key is scoped to
 * @param key         the idempotency key
 * @param messageId   the id of the committed message that holds the key; {@code null} only for a record written
 *                    before stores kept it (a SQLite file upgraded from schema 1 whose journal no longer had the
 *                    entry, or a backup file written without the field)
 * @param reply       the turn's reply as JSON text ({@code "null"} when the handler gave none)
 * @param committedAt when the turn committed
 * @param expiresAt   after this instant the record no longer exists for readers
 */
public record IdempotencyRecord(ActorRef actor, String key, String messageId, String reply, Instant committedAt,
                                Instant expiresAt) {
}
