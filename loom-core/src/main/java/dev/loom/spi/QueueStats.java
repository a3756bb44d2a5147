package dev.loom.spi;

import java.time.Instant;

/**
 * Depth of one queue (all deliverable messages for one actor type).
 *
 * @param queue          the actor type
 * @param depth          messages waiting (including ones being retried)
 * @param oldestEnqueued enqueue time of the oldest waiting message, or {@code null} when empty
 * @param timers         timers not yet due
 */
public record QueueStats(String queue, long depth, Instant oldestEnqueued, long timers) {
}
