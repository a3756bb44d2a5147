package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.IdempotencyStore;
import java.time.Instant;
import java.util.Optional;

/** A record is expired at {@code now} once {@code now} is not before its {@code expiresAt}. */
final class MemoryIdempotencyStore implements IdempotencyStore {
    private final Access access;
    private final MemoryState state;

    MemoryIdempotencyStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    @Override
    public Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now) {
        return access.call(() -> Optional.ofNullable(state.idempotency.get(new MemoryState.IdempotencyKey(actor, key)))
                .filter(r -> r.expiresAt().isAfter(now)));
    }

    @Override
    public int purgeExpired(Instant now) {
        return access.call(() -> {
            int before = state.idempotency.size();
            state.idempotency.values().removeIf(r -> !r.expiresAt().isAfter(now));
            return before - state.idempotency.size();
        });
    }
}
