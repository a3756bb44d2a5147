package dev.loom.client;

import java.time.Duration;
import java.util.Optional;

/** 429 {@code rate_limited}: too many requests from this client address or token. Never retried by the client. */
public final class RateLimitedException extends LoomApiException {
    private final Duration retryAfter;

    RateLimitedException(ErrorBody error) {
        super(error);
        this.retryAfter = error.retryAfter();
    }

    /** How long the server asked to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
