package dev.loom.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value computed at most once per time to live, so that frequent scrapes do not query the store each time.
 * A failed computation yields empty (the gauge then reads NaN) and is retried at the next read after the TTL.
 */
final class CachedValue<T> {
    private final Supplier<T> source;
    private final long ttlNanos;
    private Optional<T> value = Optional.empty();
    private long computedAt;
    private boolean computed;

    CachedValue(Supplier<T> source, Duration ttl) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized Optional<T> get() {
        long now = System.nanoTime();
        if (!computed || now - computedAt >= ttlNanos) {
            computed = true;
            computedAt = now;
            try {
                value = Optional.ofNullable(source.get());
            } catch (RuntimeException e) {
                value = Optional.empty();
            }
        }
        return value;
    }
}
