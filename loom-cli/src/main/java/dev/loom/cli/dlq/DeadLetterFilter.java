package dev.loom.cli.dlq;

import java.time.Instant;

/**
 * A filter over dead letters as the CLI takes it; {@code null} fields match everything.
 *
 * @param queue        original queue (the target's actor type)
 * @param actorId      target actor id
 * @param errorType    exception class name
 * @param sender       the exact sender of the dead-lettered message
 * @param failedAfter  last failure at or after this instant
 * @param failedBefore last failure before this instant
 */
public record DeadLetterFilter(String queue, String actorId, String errorType, String sender, Instant failedAfter,
                               Instant failedBefore) {
    public boolean isEmpty() {
        return queue == null && actorId == null && errorType == null && sender == null && failedAfter == null
                && failedBefore == null;
    }
}
