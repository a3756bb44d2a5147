package dev.loom.bench.compare;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.runtime.Loom;
import dev.loom.spi.ForwardingStore;
import dev.loom.spi.Store;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.store.postgres.PostgresStore;
import dev.loom.store.postgres.PostgresStoreOptions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loom on its PostgreSQL store: a counter actor per counter; an increment is a {@code send}, which returns once the
 * message is durably enqueued; the increment is applied when its turn (journal entry, acknowledgement, new state)
 * commits. Turns are counted where they commit, as {@code loom bench} does.
 */
final class LoomContender implements Contender {
    static final String TYPE = "counter";

    /** The one message: an increment carrying a payload. */
    record Increment(String payload) {
    }

    /** The state: the count. */
    record Count(long value) {
    }

    private final String url;
    private final AtomicLong committed = new AtomicLong();
    private volatile long lastCommitNanos;
    private final Loom loom;

    LoomContender(String url, String user, int actors) {
        this.url = url;
        Store store = new ForwardingStore(PostgresStore.open(PostgresStoreOptions.of(url, user, null))) {
            @Override
            public List<WriteResult> commit(List<Write> writes) {
                List<WriteResult> results = delegate().commit(writes);
                long applied = 0;
                for (int i = 0; i < writes.size(); i++) {
                    if (writes.get(i) instanceof Write.TurnCommit turn && results.get(i) instanceof WriteResult.Applied
                            && turn.entry().actor().type().equals(TYPE)) {
                        applied++;
                    }
                }
                if (applied > 0) {
                    lastCommitNanos = System.nanoTime();
                    committed.addAndGet(applied);
                }
                return results;
            }
        };
        ActorType<Count, Increment> counter = ActorType.builder(TYPE, Count.class, Increment.class)
                .initialState(new Count(0))
                .handler((ctx, state, increment) -> new Count(state.value() + 1))
                .build();
        this.loom = Loom.builder().store(store).actor(counter).maxActiveActors(actors).build().start();
    }

    @Override
    public String name() {
        return "Loom";
    }

    @Override
    public String describe() {
        return "send to a counter actor; applied when its turn commits (journal entry + acknowledgement), group commit";
    }

    @Override
    public void increment(int counter, String payload) {
        loom.send(ActorRef.of(TYPE, "c-" + counter), new Increment(payload));
    }

    @Override
    public long awaitApplied(long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed.get() < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Loom committed " + committed.get() + " of " + total
                        + " turns within " + timeout);
            }
            Thread.sleep(5);
        }
        return lastCommitNanos;
    }

    @Override
    public long durableCount() throws SQLException {
        return ComparisonServer.count(url, "SELECT count(*) FROM loom.journal WHERE actor_type = '" + TYPE + "'");
    }

    @Override
    public void close() {
        loom.shutdown(Duration.ofSeconds(30));
        loom.store().close();
    }
}
