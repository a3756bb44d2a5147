/**
 * Delivery decisions and dead letters: what becomes of a message whose handler failed
 * ({@link dev.loom.delivery.RetryDecision}: retried after a backoff with full jitter, or dead-lettered once the actor
 * type's {@link dev.loom.actor.RetryPolicy} allows no more attempts), and the operator's view of the dead letters
 * ({@link dev.loom.delivery.DeadLetterQueue}, over a store's {@link dev.loom.spi.DeadLetterStore}).
 *
 * <p>API: {@code DeadLetterQueue} and {@code RetryDecision}. The store-backed queue behind
 * {@link dev.loom.delivery.DeadLetterQueue#over} is package-private.
 */
package dev.loom.delivery;
