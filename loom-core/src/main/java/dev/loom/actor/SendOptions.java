package dev.loom.actor;

import java.time.Duration;
import java.time.Instant;

/**
 * Options of a send. Immutable; build with {@link #none()} and the {@code with*} methods.
 *
 * @param idempotencyKey a key scoped to the target actor: once a message with this key has committed, later
 *                       messages with it are acknowledged without running (and an ask returns the stored reply)
 * @param delay          deliver no sooner than this after the send, or {@code null}
 * @param deliverAt      deliver no sooner than this instant, or {@code null} (wins over {@code delay})
 * @param traceparent    W3C trace context to continue, or {@code null} to continue the caller's or start one
 */
public record SendOptions(String idempotencyKey, Duration delay, Instant deliverAt, String traceparent) {
    private static final SendOptions NONE = new SendOptions(null, null, null, null);

    public SendOptions {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("idempotency key must be 1-200 characters");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    /** No key, no delay, the caller's trace. */
    public static SendOptions none() {
        return NONE;
    }

    /** These options with an idempotency key (1-200 characters). */
    public SendOptions withIdempotencyKey(String key) {
        return new SendOptions(key, delay, deliverAt, traceparent);
    }

    /** These options delivering no sooner than {@code d} after the send (a durable timer). */
    public SendOptions withDelay(Duration d) {
        return new SendOptions(idempotencyKey, d, deliverAt, traceparent);
    }

    /** These options delivering no sooner than {@code at} (a durable timer; wins over a delay). */
    public SendOptions withDeliverAt(Instant at) {
        return new SendOptions(idempotencyKey, delay, at, traceparent);
    }

    /** These options continuing the W3C trace {@code tp} (an invalid value starts a new trace). */
    public SendOptions withTraceparent(String tp) {
        return new SendOptions(idempotencyKey, delay, deliverAt, tp);
    }
}
