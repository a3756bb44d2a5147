package dev.loom.breaker;

/**
 * A breaker's state for operators.
 *
 * @param name              breaker name
 * @param state             CLOSED, OPEN, HALF_OPEN (or another Resilience4j state)
 * @param failureRate       failure percentage over the window, or -1 when too few calls were seen
 * @param bufferedCalls     calls in the window
 * @param failedCalls       failed calls in the window
 * @param notPermittedCalls calls refused while open
 */
public record BreakerView(String name, String state, float failureRate, int bufferedCalls, int failedCalls,
                          long notPermittedCalls) {
}
