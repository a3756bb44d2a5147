package dev.loom.client;

/**
 * A breaker after a reset.
 *
 * @param name  its name
 * @param state its state now (normally {@code CLOSED})
 */
public record BreakerReset(String name, String state) {
}
