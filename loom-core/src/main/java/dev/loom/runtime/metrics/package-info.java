/**
 * The runtime's meters ({@link dev.loom.runtime.metrics.RuntimeMetrics}), registered on the node's Micrometer
 * registry.
 *
 * <p>Internal: the meter names and tags listed on {@code RuntimeMetrics} are the contract (dashboards and alert
 * rules use them); the class is public only because the runtime's package uses it and is not API.
 */
package dev.loom.runtime.metrics;
