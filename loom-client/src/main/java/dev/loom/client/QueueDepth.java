package dev.loom.client;

/**
 * One queue (an actor type's messages).
 *
 * @param queue            the queue's name
 * @param depth            messages waiting, retries included
 * @param oldestAgeSeconds age of the oldest waiting message; 0 when none waits
 * @param timers           timers not yet due
 */
public record QueueDepth(String queue, long depth, double oldestAgeSeconds, long timers) {
}
