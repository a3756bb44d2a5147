package dev.loom.delivery;

import dev.loom.actor.RetryPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * What becomes of a message whose handler failed: it is tried again after a backoff, or it has used its attempts
 * and goes to the dead-letter queue. The actor's later messages wait behind it either way until the decision is
 * committed, so per-actor order holds.
 */
public sealed interface RetryDecision {
    /** The message runs again, not before {@code notBefore}. */
    record Retry(Instant notBefore) implements RetryDecision {
        public Retry {
            Objects.requireNonNull(notBefore, "notBefore");
        }
    }

    /** The message has used its {@code attempts}: it is dead-lettered and the actor moves on. */
    record DeadLetter(int attempts) implements RetryDecision {
    }

    /**
     * The decision after a failed attempt.
     *
     * @param policy   the actor type's retry policy
     * @param attempts the attempts made, the failed one included (1 after the first failure)
     * @param now      when the attempt failed
     * @return {@link Retry} at {@code now} plus the policy's backoff (with jitter) while the policy allows another
     *         attempt, {@link DeadLetter} otherwise
     */
    static RetryDecision after(RetryPolicy policy, int attempts, Instant now) {
        return policy.mayRetry(attempts) ? new Retry(now.plus(policy.delayAfter(attempts))) : new DeadLetter(attempts);
    }
}
