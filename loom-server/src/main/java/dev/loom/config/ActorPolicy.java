package dev.loom.config;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Configured overrides of one actor type's policies; absent values keep the type's own.
 *
 * @param maxAttempts    retry: attempts in all
 * @param initialDelay   retry: backoff cap after the first failure
 * @param maxDelay       retry: largest backoff cap
 * @param multiplier     retry: growth of the cap per failure
 * @param snapshotEvery  snapshot every this many turns (0 = never)
 * @param retainJournal  keep the whole journal for audit
 * @param passivateAfter idle time before passivation
 */
public record ActorPolicy(Optional<Integer> maxAttempts, Optional<Duration> initialDelay,
                          Optional<Duration> maxDelay, Optional<Double> multiplier, Optional<Integer> snapshotEvery,
                          Optional<Boolean> retainJournal, Optional<Duration> passivateAfter) {

    /**
     * The type with these overrides applied.
     *
     * @throws IllegalArgumentException if the merged retry policy is impossible (e.g. maxDelay below initialDelay)
     */
    public <S, M> ActorType<S, M> applyTo(ActorType<S, M> type) {
        RetryPolicy base = type.retry();
        RetryPolicy retry = new RetryPolicy(maxAttempts.orElse(base.maxAttempts()),
                initialDelay.orElse(base.initialDelay()), maxDelay.orElse(base.maxDelay()),
                multiplier.orElse(base.multiplier()));
        return type.withPolicies(retry, snapshotEvery.orElse(type.snapshotEvery()),
                retainJournal.orElse(type.retainJournal()),
                passivateAfter.or(type::passivateAfter).orElse(null));
    }
}
