package dev.loom.spi;

/**
 * A deliverable message in its partition's queue.
 *
 * @param seq      store-assigned position; within a partition, larger means enqueued later
 * @param envelope the message
 * @param delivery attempts and recorded steps so far
 */
public record StoredMessage(long seq, Envelope envelope, Delivery delivery) {
}
