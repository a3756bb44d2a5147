package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Snapshot;
import dev.loom.spi.SnapshotStore;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

final class MemorySnapshotStore implements SnapshotStore {
    private final Access access;
    private final MemoryState state;

    MemorySnapshotStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    @Override
    public Optional<Snapshot> latest(ActorRef actor) {
        return atOrBefore(actor, Long.MAX_VALUE);
    }

    @Override
    public Optional<Snapshot> atOrBefore(ActorRef actor, long seq) {
        return access.call(() -> {
            NavigableMap<Long, Snapshot> bySeq = state.snapshots.get(actor);
            return Optional.ofNullable(bySeq == null ? null : bySeq.floorEntry(seq)).map(Map.Entry::getValue);
        });
    }
}
