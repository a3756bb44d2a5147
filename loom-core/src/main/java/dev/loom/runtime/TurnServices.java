package dev.loom.runtime;

import dev.loom.breaker.Breakers;
import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What an actor's turns use, and nothing more: the state folder to activate from, the idempotency records to check,
 * the envelopes to build sends with, the committer, the asks and partitions to tell of the outcome, and the clock,
 * tracing, metrics and breakers. Handed to every {@link ActorInstance} and {@link TurnContext} instead of the engine,
 * so that the message path runs one way: worker, pool, actor, turn, committer, store.
 *
 * @param idempotency    the idempotency records (through the store breaker)
 * @param idempotencyTtl how long a turn's idempotency record is kept
 */
record TurnServices(ActorRegistry registry, StateFolder folder, IdempotencyStore idempotency, Envelopes envelopes,
                    OutcomeRouter outcomes, GroupCommitter committer, Asks asks, Partitions partitions, Clock clock,
                    Tracing tracing, RuntimeMetrics metrics, Breakers breakers, Duration idempotencyTtl) {
    Instant now() {
        return clock.instant();
    }
}
