package dev.loom.client;

/**
 * Statistics of the active-actor pool (Loom's cache of actor state) since the node started.
 *
 * @param size        actors active now
 * @param capacity    the most actors kept active
 * @param hits        messages that found their actor active
 * @param misses      messages that had to activate it
 * @param hitRate     hits / (hits + misses), 0 to 1
 * @param evictions   actors passivated to make room
 * @param activations actors activated
 */
public record CacheStats(long size, long capacity, long hits, long misses, double hitRate, long evictions,
                         long activations) {
}
