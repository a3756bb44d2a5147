package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.util.Optional;

/** Read side of snapshots. Written by {@link Write.TurnCommit} and {@link Write.SnapshotTaken}. */
public interface SnapshotStore {
    /** The actor's snapshot with the largest seq. */
    Optional<Snapshot> latest(ActorRef actor);

    /** The actor's snapshot with the largest seq not greater than {@code seq}. */
    Optional<Snapshot> atOrBefore(ActorRef actor, long seq);
}
