package dev.loom.runtime;

/**
 * Statistics of the active-actor pool, which is Loom's cache of actor state.
 *
 * @param size        actors active now
 * @param capacity    the bound beyond which the least recently used idle actors are passivated
 * @param hits        deliveries to an already active actor
 * @param misses      deliveries that had to activate the actor
 * @param evictions   passivations (idle timeout, capacity, or an operator's clear)
 * @param activations activations (misses and warms)
 */
public record CacheStats(int size, int capacity, long hits, long misses, long evictions, long activations) {
    /** hits / (hits + misses), or 0 when nothing was delivered. */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0.0 : (double) hits / total;
    }
}
