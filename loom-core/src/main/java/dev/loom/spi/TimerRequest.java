package dev.loom.spi;

import java.time.Instant;

/**
 * A timer to store: a message to enqueue at {@code deliverAt}.
 *
 * @param envelope  the message to deliver (its {@code partition} is the timer's partition)
 * @param deliverAt when it becomes deliverable
 * @param reminder  the repeat rule, or {@code null} for a one-shot timer
 */
public record TimerRequest(Envelope envelope, Instant deliverAt, Reminder reminder) {
}
