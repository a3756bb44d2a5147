package dev.loom.spi;

import java.time.Instant;
import java.util.List;

/**
 * Delivery bookkeeping of a stored message: failed attempts so far and recorded durable steps.
 *
 * @param attempts      failed attempts so far (0 for a fresh or redriven message)
 * @param notBefore     earliest time of the next attempt ({@code null}: at once)
 * @param firstFailedAt time of the first failed attempt ({@code null} if none)
 * @param lastFailedAt  time of the latest failed attempt ({@code null} if none)
 * @param lastError     the latest failure ({@code null} if none)
 * @param steps         durable step results recorded so far, in index order
 */
public record Delivery(int attempts, Instant notBefore, Instant firstFailedAt, Instant lastFailedAt,
                       ErrorInfo lastError, List<StepRecord> steps) {
    public Delivery {
        steps = List.copyOf(steps);
    }

    /** A message that has never failed and has no recorded steps. */
    public static Delivery fresh() {
        return new Delivery(0, null, null, null, null, List.of());
    }

    /** A message with no failures that carries steps recorded before (used by redrive). */
    public static Delivery withSteps(List<StepRecord> steps) {
        return new Delivery(0, null, null, null, null, steps);
    }
}
