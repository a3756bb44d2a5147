package dev.loom.runtime;

/**
 * The outcome of a send that returned: the message is durably accepted, now or earlier.
 *
 * <p>A send with an idempotency key is checked against what the store knows for that key and target at the moment
 * of the send (see {@link Loom#send(dev.loom.actor.ActorRef, Object, dev.loom.actor.SendOptions)}): when the first
 * message with the key is committed, queued or scheduled, nothing new is stored and that message's id is returned
 * with {@code deduplicated} set.
 *
 * @param messageId    the id of the message that carries this send: the new message's, or the first one's when
 *                     deduplicated. {@code null} only when deduplicated against a key committed before stores kept
 *                     message ids with idempotency records (a SQLite file upgraded from schema 1 whose journal entry
 *                     was trimmed, or a restored backup written without them), for at most one idempotency TTL
 * @param deduplicated true when an earlier message with the same idempotency key was found and this send stored
 *                     nothing; false when this send stored a new message
 */
public record Accepted(String messageId, boolean deduplicated) {
}
