package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;

final class MemoryJournalStore implements JournalStore {
    private final Access access;
    private final MemoryState state;

    MemoryJournalStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    @Override
    public List<JournalEntry> read(ActorRef actor, long fromSeq, int limit) {
        return access.call(() -> {
            NavigableMap<Long, JournalEntry> entries = state.journals.get(actor);
            return entries == null ? List.of()
                    : entries.tailMap(fromSeq, true).values().stream().limit(limit).toList();
        });
    }

    @Override
    public long lastSeq(ActorRef actor) {
        return access.call(() -> state.lastSeq(actor));
    }

    @Override
    public long firstSeq(ActorRef actor) {
        return access.call(() -> {
            NavigableMap<Long, JournalEntry> entries = state.journals.get(actor);
            return entries == null || entries.isEmpty() ? 0L : entries.firstKey();
        });
    }

    @Override
    public List<String> actorIds(String type, String afterId, int limit) {
        return access.call(() -> {
            TreeSet<String> ids = new TreeSet<>();
            collect(ids, state.journals.keySet().stream()
                    .filter(a -> !state.journals.get(a).isEmpty()).toList(), type);
            collect(ids, state.snapshots.keySet().stream()
                    .filter(a -> !state.snapshots.get(a).isEmpty()).toList(), type);
            return (afterId == null ? ids : ids.tailSet(afterId, false)).stream().limit(limit).toList();
        });
    }

    @Override
    public List<String> actorIdsStartingWith(String type, String prefix, String afterId, int limit) {
        List<String> all = actorIds(type, afterId, Integer.MAX_VALUE);
        return all.stream().filter(id -> id.startsWith(prefix)).limit(Math.max(0, limit)).toList();
    }

    private static void collect(TreeSet<String> ids, List<ActorRef> actors, String type) {
        actors.stream().filter(a -> a.type().equals(type)).forEach(a -> ids.add(a.id()));
    }
}
