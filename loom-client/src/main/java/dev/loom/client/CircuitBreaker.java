package dev.loom.client;

/**
 * A circuit breaker of the node that answered.
 *
 * @param name              its name, e.g. {@code store}
 * @param state             {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} or another Resilience4j state
 * @param failureRate       failure percentage over the window; -1 when too few calls were seen
 * @param bufferedCalls     calls in the window
 * @param failedCalls       failed calls in the window
 * @param notPermittedCalls calls refused while open
 */
public record CircuitBreaker(String name, String state, double failureRate, long bufferedCalls, long failedCalls,
                             long notPermittedCalls) {
}
