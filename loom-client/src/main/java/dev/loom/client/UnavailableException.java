package dev.loom.client;

import java.time.Duration;
import java.util.Optional;

/**
 * 503: the store is unavailable or its breaker is open ({@code store_unavailable}), or the node is draining
 * ({@code unavailable}). Nothing was accepted; the same request may succeed later or on another node.
 */
public final class UnavailableException extends LoomApiException {
    private final Duration retryAfter;

    UnavailableException(ErrorBody error) {
        super(error);
        this.retryAfter = error.retryAfter();
    }

    /** How long the server (or a proxy in front of it) asked to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
