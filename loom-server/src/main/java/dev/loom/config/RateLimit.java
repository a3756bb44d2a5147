package dev.loom.config;

/**
 * A token-bucket limit.
 *
 * @param requestsPerSecond sustained rate; 0 disables the limit
 * @param burst             requests allowed at once on a full bucket
 */
public record RateLimit(double requestsPerSecond, int burst) {
    public boolean enabled() {
        return requestsPerSecond > 0;
    }
}
