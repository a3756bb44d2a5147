package dev.loom.config;

import java.util.Optional;

/**
 * Request rate limits; an empty limit is off.
 *
 * @param perToken  per bearer token, for authenticated requests; off unless configured, because a token is a
 *                  known caller whose volume is the operator's to size (one service-to-service caller can
 *                  legitimately send thousands of requests per second)
 * @param perClient per client IP address, for requests that are not authenticated: public endpoints
 *                  ({@code /metrics}, {@code /api/openapi.json}), requests that match no route and requests whose
 *                  token is missing or invalid; health probes are never limited. On by default (100/s) so that
 *                  an anonymous flood or token guessing from one address is slowed down
 */
public record RateLimitConfig(Optional<RateLimit> perToken, Optional<RateLimit> perClient) {
    /** The default per-client limit: sustained requests per second. */
    public static final double DEFAULT_PER_CLIENT_RATE = 100;
}
