package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.Optional;

/** Read side of idempotency records. Inserted by {@link Write.TurnCommit}. */
public interface IdempotencyStore {
    /** The record for {@code key} of {@code actor}, unless it does not exist or expired at {@code now}. */
    Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now);

    /** Deletes records expired at {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
