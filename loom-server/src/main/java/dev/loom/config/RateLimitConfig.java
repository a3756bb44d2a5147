package dev.loom.config;

/**
 * Request rate limits.
 *
 * @param perToken  per bearer token (authenticated requests)
 * @param perClient per client IP address (every request except health probes)
 */
public record RateLimitConfig(RateLimit perToken, RateLimit perClient) {
}
