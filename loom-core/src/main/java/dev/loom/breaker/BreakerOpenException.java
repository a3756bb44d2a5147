package dev.loom.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A call was refused because the circuit breaker {@link #breaker()} guarding it is open (or its half-open trial
 * calls are all taken): the guarded code did not run and nothing reached the downstream service.
 *
 * <p>Thrown by {@link Breakers#call} and so by a durable step run with a breaker
 * ({@code ctx.run(name, StepOptions.breaker(...), step)}). When it ends a turn — thrown by the handler or found
 * among the causes of what the handler threw — the runtime does not count the turn as a failed attempt: the
 * message stays at the head of its actor's mailbox (later messages wait behind it, so order holds) and runs
 * again after {@link #retryAfter()}, or as soon as the breaker closes (an operator's reset). A downstream
 * outage therefore never moves messages to the dead-letter queue. A handler may also catch it to answer
 * without the downstream service (a fallback); the turn then commits as usual.
 */
public final class BreakerOpenException extends RuntimeException {
    private static final int MAX_CAUSE_DEPTH = 32;

    private final String breaker;
    private final Duration retryAfter;

    /**
     * @param breaker    the breaker's name
     * @param retryAfter how long until the breaker lets a trial call through (positive)
     */
    public BreakerOpenException(String breaker, Duration retryAfter) {
        super("circuit breaker '" + Objects.requireNonNull(breaker, "breaker") + "' is open; the call was not made"
                + " and is retried in " + Objects.requireNonNull(retryAfter, "retryAfter").toMillis() + " ms");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
        }
        this.breaker = breaker;
        this.retryAfter = retryAfter;
    }

    /** The name of the breaker that refused the call. */
    public String breaker() {
        return breaker;
    }

    /** How long until the breaker lets a trial call through: its remaining open time when it refused. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code error} itself or its nearest cause that is a {@code BreakerOpenException}, if any. */
    public static Optional<BreakerOpenException> in(Throwable error) {
        Throwable t = error;
        // Bounded, because a cause chain can be made circular.
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof BreakerOpenException open) {
                return Optional.of(open);
            }
        }
        return Optional.empty();
    }
}
