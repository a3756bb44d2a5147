package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.MessageStore;
import dev.loom.spi.SnapshotStore;
import dev.loom.spi.Store;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts the journal entries read through it (to prove activation reads only the tail). */
final class CountingStore implements Store {
    private final Store delegate;
    private final AtomicLong entriesRead = new AtomicLong();

    CountingStore(Store delegate) {
        this.delegate = delegate;
    }

    long journalEntriesRead() {
        return entriesRead.get();
    }

    @Override
    public JournalStore journal() {
        JournalStore j = delegate.journal();
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

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int partitions() {
        return delegate.partitions();
    }

    @Override
    public MessageStore messages() {
        return delegate.messages();
    }

    @Override
    public TimerStore timers() {
        return delegate.timers();
    }

    @Override
    public SnapshotStore snapshots() {
        return delegate.snapshots();
    }

    @Override
    public IdempotencyStore idempotency() {
        return delegate.idempotency();
    }

    @Override
    public DeadLetterStore deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public LeaseStore leases() {
        return delegate.leases();
    }

    @Override
    public dev.loom.spi.BackupStore backup() {
        return delegate.backup();
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        return delegate.commit(writes);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
