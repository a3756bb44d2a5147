package dev.loom.config;

import dev.loom.breaker.BreakerSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the node's circuit breakers.
 *
 * @param failureThreshold consecutive failures that open a breaker
 * @param successThreshold successful trial calls that close it again
 * @param openTimeout      how long it stays open
 * @param named            settings of the breakers that have their own ({@code breakers.named}), by name; each
 *                         setting not given there is the section's
 */
public record BreakerConfig(int failureThreshold, int successThreshold, Duration openTimeout,
                            Map<String, BreakerSettings> named) {
    public BreakerConfig {
        named = Map.copyOf(named);
    }

    /** The settings of breakers without their own. */
    public BreakerSettings settings() {
        return new BreakerSettings(failureThreshold, successThreshold, openTimeout);
    }
}
