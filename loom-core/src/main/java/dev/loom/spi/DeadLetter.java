package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.List;

/**
 * A message that failed its last attempt, parked for an operator.
 *
 * @param id            unique id of the dead letter
 * @param originalQueue the queue the message came from (its target's actor type); redrive returns it there
 * @param actor         the target actor
 * @param message       the whole envelope
 * @param steps         durable steps recorded before it failed; redrive keeps them so a recorded side effect is
 *                      not repeated
 * @param error         the last failure
 * @param attempts      attempts made
 * @param firstFailedAt first failure
 * @param lastFailedAt  last failure
 */
public record DeadLetter(String id, String originalQueue, ActorRef actor, Envelope message, List<StepRecord> steps,
                         ErrorInfo error, int attempts, Instant firstFailedAt, Instant lastFailedAt) {
    public DeadLetter {
        steps = List.copyOf(steps);
    }
}
