package dev.loom.config;

import dev.loom.breaker.BreakerSettings;
import java.time.Duration;

/**
 * Settings shared by the node's circuit breakers.
 *
 * @param failureThreshold consecutive failures that open a breaker
 * @param successThreshold successful trial calls that close it again
 * @param openTimeout      how long it stays open
 */
public record BreakerConfig(int failureThreshold, int successThreshold, Duration openTimeout) {
    public BreakerSettings settings() {
        return new BreakerSettings(failureThreshold, successThreshold, openTimeout);
    }
}
