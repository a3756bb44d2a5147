package dev.loom.breaker;

import java.time.Duration;

/**
 * Settings of a circuit breaker.
 *
 * @param failureThreshold consecutive failures that open the breaker (at least 1)
 * @param successThreshold successful trial calls in half-open state that close it again (at least 1)
 * @param openTimeout      how long it stays open before letting trial calls through
 */
public record BreakerSettings(int failureThreshold, int successThreshold, Duration openTimeout) {
    /** 5 failures, 2 successes, 30 s. */
    public static final BreakerSettings DEFAULT = new BreakerSettings(5, 2, Duration.ofSeconds(30));

    public BreakerSettings {
        if (failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("breaker thresholds must be >= 1");
        }
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("breaker openTimeout must be positive: " + openTimeout);
        }
    }
}
