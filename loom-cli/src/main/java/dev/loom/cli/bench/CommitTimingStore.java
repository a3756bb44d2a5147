package dev.loom.cli.bench;

import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.JournalStore;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.MessageStore;
import dev.loom.spi.SnapshotStore;
import dev.loom.spi.Store;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;

/**
 * A store that passes everything to another and, when a commit returns, tells the {@link CommitClock} which
 * benchmark turns it made durable: the only place that knows the moment a turn is committed.
 */
final class CommitTimingStore implements Store {
    private final Store delegate;
    private final CommitClock clock;

    CommitTimingStore(Store delegate, CommitClock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        List<WriteResult> results = delegate.commit(writes);
        long now = System.nanoTime();
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i) instanceof Write.TurnCommit turn && results.get(i) instanceof WriteResult.Applied
                    && turn.entry().actor().type().equals(BenchActor.NAME)) {
                clock.committed(turn.entry().messageId(), now);
            }
        }
        return results;
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
    public JournalStore journal() {
        return delegate.journal();
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
    public void ping() {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
