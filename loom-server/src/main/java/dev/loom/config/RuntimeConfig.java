package dev.loom.config;

import java.time.Duration;

/**
 * Settings of the actor runtime (see {@code LoomBuilder} for their exact meaning).
 *
 * @param maxActiveActors active actors beyond which idle ones are passivated (LRU)
 * @param passivateAfter  idle time before an actor is passivated
 * @param leaseTtl        partition lease time to live
 * @param leaseSafetyMargin the least lease time left (by the node's monotonic clock) for it to start a turn or a step
 * @param idempotencyTtl  how long idempotency records and stored replies are kept
 * @param drainTimeout    how long a graceful shutdown waits for in-flight turns
 */
public record RuntimeConfig(int maxActiveActors, Duration passivateAfter, Duration leaseTtl, Duration leaseSafetyMargin,
                            Duration idempotencyTtl, Duration drainTimeout) {
}
