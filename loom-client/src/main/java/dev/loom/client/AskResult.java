package dev.loom.client;

/**
 * The reply to an ask.
 *
 * @param messageId    the message's id ({@code null} only for a reply stored by a Loom version that kept no message ids)
 * @param reply        what the handler replied, as the type asked for; {@code null} when it replied nothing
 * @param deduplicated {@code true} when this is the stored reply of an earlier message with the same idempotency
 *                     key: the handler did not run again
 * @param <T>          the reply type
 */
public record AskResult<T>(String messageId, T reply, boolean deduplicated) {
}
