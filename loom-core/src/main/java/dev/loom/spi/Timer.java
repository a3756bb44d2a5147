package dev.loom.spi;

import java.time.Instant;

/**
 * A stored timer.
 *
 * @param timerId   store-assigned id
 * @param envelope  the message it delivers
 * @param deliverAt when it is due
 * @param reminder  the repeat rule, or {@code null} for a one-shot timer
 */
public record Timer(long timerId, Envelope envelope, Instant deliverAt, Reminder reminder) {
}
