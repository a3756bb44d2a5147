package dev.loom.spi;

import java.time.Instant;

/**
 * A node's right to work on one partition until {@code expiresAt}.
 *
 * @param partition the partition
 * @param holder    the holding node's id
 * @param epoch     grows by at least one at every change of holder; commits are fenced on it
 * @param expiresAt the lease is free for others after this instant unless renewed
 */
public record Lease(int partition, String holder, long epoch, Instant expiresAt) {
}
