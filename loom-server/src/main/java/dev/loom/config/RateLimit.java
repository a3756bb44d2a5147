package dev.loom.config;

/**
 * A token-bucket limit (a disabled limit is an absent one, see {@link RateLimitConfig}).
 *
 * @param requestsPerSecond sustained rate, above 0
 * @param burst             requests allowed at once on a full bucket, at least 1
 */
public record RateLimit(double requestsPerSecond, int burst) {
    public RateLimit {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be a finite number above 0: " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }

    /** The burst used when none is configured: two seconds' worth of the rate, at least 1. */
    public static int defaultBurst(double requestsPerSecond) {
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(2 * requestsPerSecond)));
    }
}
