/**
 * How actor ids map to partitions ({@link dev.loom.partition.Partitioner}), the function every node and every store
 * must agree on. Leases, the lease keeper and the partitions' workers are the runtime's internals
 * ({@code dev.loom.runtime}, package-private).
 */
package dev.loom.partition;
