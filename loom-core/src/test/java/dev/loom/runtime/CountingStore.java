package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.spi.ForwardingStore;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import dev.loom.spi.Store;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts the journal entries read through it (to prove activation reads only the tail). */
final class CountingStore extends ForwardingStore {
    private final AtomicLong entriesRead = new AtomicLong();

    CountingStore(Store delegate) {
        super(delegate);
    }

    long journalEntriesRead() {
        return entriesRead.get();
    }

    @Override
    public JournalStore journal() {
        JournalStore j = delegate().journal();
        return new JournalStore() {
            @Override
            public List<JournalEntry> read(ActorRef actor, long fromSeq, int limit) {
                List<JournalEntry> r = j.read(actor, fromSeq, limit);
                entriesRead.addAndGet(r.size());
                return r;
            }

            @Override
            public long lastSeq(ActorRef actor) {
                return j.lastSeq(actor);
            }

            @Override
            public long firstSeq(ActorRef actor) {
                return j.firstSeq(actor);
            }

            @Override
            public List<String> actorIds(String type, String afterId, int limit) {
                return j.actorIds(type, afterId, limit);
            }
        };
    }
}
