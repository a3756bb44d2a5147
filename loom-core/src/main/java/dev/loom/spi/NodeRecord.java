package dev.loom.spi;

import java.time.Instant;

/**
 * A cluster member's heartbeat.
 *
 * @param nodeId    the node
 * @param expiresAt the node counts as alive until this instant
 */
public record NodeRecord(String nodeId, Instant expiresAt) {
}
