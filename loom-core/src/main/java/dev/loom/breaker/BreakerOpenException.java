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
 * again after {@link #retryAfter()}, or as soon as the breaker closes (an operator's reset). The same holds for a
 * step whose own failure opened its breaker (the runtime then ends the turn with this exception, the step's
 * failure as its cause): the failures before the breaker opened use attempts, the one that shows the service is
 * down and every failed trial call after it do not. A downstream outage therefore moves no message to the
 * dead-letter queue as long as a breaker's {@code failureThreshold} is at most the actor type's
 * {@code maxAttempts}. A handler may also catch it to answer
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
        this.breaker = breaker;
        this.retryAfter = checked(retryAfter);
    }

    /**
     * The call was made and failed with {@code cause}, and that failure opened the breaker (it was the
     * {@code failureThreshold}-th in a row, or a failed trial call): the failure is the outage's, so it is handled
     * as a refusal.
     *
     * @param breaker    the breaker's name
     * @param retryAfter how long until the breaker lets a trial call through (positive)
     * @param cause      the call's failure
     */
    public BreakerOpenException(String breaker, Duration retryAfter, Throwable cause) {
        super("circuit breaker '" + Objects.requireNonNull(breaker, "breaker") + "' opened on this call's failure ("
                + cause + "); the call is retried in " + Objects.requireNonNull(retryAfter, "retryAfter").toMillis()
                + " ms", cause);
        this.breaker = breaker;
        this.retryAfter = checked(retryAfter);
    }

    private static Duration checked(Duration retryAfter) {
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
        }
        return retryAfter;
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
