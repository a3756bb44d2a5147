package dev.loom.actor;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failing message is retried: up to {@code maxAttempts} attempts in all, waiting between attempts a
 * random time in {@code [0, min(maxDelay, initialDelay * multiplier^(attempt-1))]} (exponential backoff with
 * full jitter). The actor's later messages wait behind a retrying one, so per-actor order holds.
 *
 * @param maxAttempts  attempts in all, at least 1 (1 means no retry)
 * @param initialDelay backoff cap after the first failure
 * @param maxDelay     largest backoff cap
 * @param multiplier   growth of the cap per failure, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
    /** 5 attempts, 100 ms initial, 30 s max, doubling. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(30), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is less than initialDelay " + initialDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
        }
    }

    /** The backoff cap after {@code failures} failed attempts (failures >= 1). */
    public Duration cap(int failures) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** A random delay in {@code [0, cap(failures)]}. */
    public Duration delayAfter(int failures) {
        long cap = cap(failures).toMillis();
        return Duration.ofMillis(cap == 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /** Whether a message that has failed {@code failures} times may be tried again. */
    public boolean mayRetry(int failures) {
        return failures < maxAttempts;
    }
}
