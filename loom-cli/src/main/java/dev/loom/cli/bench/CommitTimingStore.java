package dev.loom.cli.bench;

import dev.loom.spi.ForwardingStore;
import dev.loom.spi.Store;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;

/**
 * A store that passes everything to another and, when a commit returns, tells the {@link CommitClock} which
 * benchmark turns it made durable: the only place that knows the moment a turn is committed.
 */
final class CommitTimingStore extends ForwardingStore {
    private final CommitClock clock;

    CommitTimingStore(Store delegate, CommitClock clock) {
        super(delegate);
        this.clock = clock;
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        List<WriteResult> results = delegate().commit(writes);
        long now = System.nanoTime();
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i) instanceof Write.TurnCommit turn && results.get(i) instanceof WriteResult.Applied
                    && turn.entry().actor().type().equals(BenchActor.NAME)) {
                clock.committed(turn.entry().messageId(), now);
            }
        }
        return results;
    }
}
