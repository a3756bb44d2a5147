package dev.loom.http.limits;

import dev.loom.config.RateLimit;

/** A token bucket: {@code burst} tokens, refilled at {@code requestsPerSecond}. Thread-safe. */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(RateLimit limit, long nowNanos) {
        this.ratePerNano = limit.requestsPerSecond() / 1e9;
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes a token: 0 if granted, else the nanoseconds until one is available. */
    synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return (long) Math.ceil((1.0 - tokens) / ratePerNano);
    }

    /** Whether the bucket is full (an idle client: safe to forget). */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
