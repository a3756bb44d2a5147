package dev.loom.client;

/**
 * The server's answer to a send (202): the message is durably stored and will be processed.
 *
 * @param messageId    the message's id; on a deduplicated send the id of the first message with the key. {@code null}
 *                     only when deduplicated against a key committed by a Loom version that kept no message ids
 * @param actor        the target
 * @param deduplicated {@code true} when a message with the same idempotency key was already accepted and nothing
 *                     new was sent
 */
public record Sent(String messageId, ActorAddress actor, boolean deduplicated) {
}
