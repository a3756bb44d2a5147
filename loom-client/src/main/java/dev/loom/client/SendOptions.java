package dev.loom.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a message is sent: an idempotency key, a W3C trace context, a delivery delay. Every field is optional;
 * {@link #none()} is a plain send.
 *
 * @param idempotencyKey the de-duplication key, scoped to the actor, or {@code null}. While the first message
 *                       with a key is scheduled, queued or committed (within the server's idempotency TTL), a repeat
 *                       sends nothing and answers that message's id with {@code deduplicated = true}. Without one,
 *                       a client configured to retry generates a key per call (see {@link LoomClient}).
 * @param traceparent    a W3C {@code traceparent} the message and its turn are recorded under, or {@code null}
 * @param delay          deliver no sooner than this after the server accepted the message, or {@code null}
 */
public record SendOptions(String idempotencyKey, String traceparent, Duration delay) {
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final int MAX_KEY_LENGTH = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @throws IllegalArgumentException if the key is empty or longer than 200 characters, the traceparent is not
     *                                  {@code version-traceid-parentid-flags} in lower-case hex, or the delay is negative
     */
    public SendOptions {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("an idempotency key has 1 to " + MAX_KEY_LENGTH + " characters: '"
                    + idempotencyKey + "'");
        }
        if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
            throw new IllegalArgumentException("not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>): '" + traceparent + "'");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("a delivery delay cannot be negative: " + delay);
        }
    }

    /** No key, no trace context, no delay. */
    public static SendOptions none() {
        return new SendOptions(null, null, null);
    }

    public SendOptions withIdempotencyKey(String key) {
        return new SendOptions(Objects.requireNonNull(key, "key"), traceparent, delay);
    }

    /** Passes the caller's trace context on, e.g. the {@code traceparent} of the request being served. */
    public SendOptions withTraceparent(String value) {
        return new SendOptions(idempotencyKey, Objects.requireNonNull(value, "value"), delay);
    }

    /** Starts a new sampled trace: a random trace id and parent id ({@code 00-<trace>-<parent>-01}). */
    public SendOptions withNewTrace() {
        return withTraceparent(newTraceparent());
    }

    public SendOptions withDelay(Duration value) {
        return new SendOptions(idempotencyKey, traceparent, Objects.requireNonNull(value, "value"));
    }

    /** A new W3C traceparent, version 00, sampled; its ids are random and never all zero, as the spec requires. */
    static String newTraceparent() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            RANDOM.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
