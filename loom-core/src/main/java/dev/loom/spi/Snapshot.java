package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;

/**
 * An actor's full state after the turn with journal sequence {@code seq}.
 *
 * @param actor   the actor
 * @param seq     the journal sequence the state includes (state after applying entries 1..seq)
 * @param state   the state as JSON text
 * @param takenAt when it was taken
 */
public record Snapshot(ActorRef actor, long seq, String state, Instant takenAt) {
}
