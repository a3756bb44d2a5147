package dev.loom.http.limits;

import dev.loom.config.RateLimit;
import dev.loom.http.ApiException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate limits requests by key (a client address or a token's label) with one token bucket per key. Idle keys
 * are forgotten once the table grows large, so memory stays bounded under address churn.
 */
public final class RateLimiter {
    private static final int SWEEP_ABOVE = 10_000;
    private final Optional<RateLimit> limit;
    private final String what;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param limit     the limit per key; empty: every request is admitted
     * @param what      what a key is, for the error message ("client address", "token")
     * @param nanoClock monotonic nanoseconds
     */
    public RateLimiter(Optional<RateLimit> limit, String what, LongSupplier nanoClock) {
        this.limit = limit;
        this.what = what;
        this.nanoClock = nanoClock;
    }

    /**
     * Counts a request of {@code key}.
     *
     * @throws ApiException 429 with Retry-After when the key's bucket is empty
     */
    public void acquire(String key) {
        if (limit.isEmpty()) {
            return;
        }
        RateLimit limit = this.limit.get();
        long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
        }
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).tryTake(now);
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
            throw ApiException.rateLimited("too many requests for this " + what + " (limit " + limit.requestsPerSecond()
                    + "/s, burst " + limit.burst() + "); retry after " + seconds + " s", seconds);
        }
    }
}
