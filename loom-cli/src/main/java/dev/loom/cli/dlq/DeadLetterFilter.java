package dev.loom.cli.dlq;

/**
 * A filter over dead letters as the CLI takes it; {@code null} fields match everything.
 *
 * @param queue     original queue (the target's actor type)
 * @param actorId   target actor id
 * @param errorType exception class name
 */
public record DeadLetterFilter(String queue, String actorId, String errorType) {
    public boolean isEmpty() {
        return queue == null && actorId == null && errorType == null;
    }
}
