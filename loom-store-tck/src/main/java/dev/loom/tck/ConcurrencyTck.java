package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Many threads at once: visibility order of enqueues, independent turns, racing duplicate turns. */
public abstract class ConcurrencyTck extends StoreTckBase {
    private static final int THREADS = 4;

    /**
     * Enqueuers add messages to one partition from several threads while a reader pages through it with a
     * cursor (the largest seq it has seen), never looking back. The reader must see every message.
     */
    @Test
    void aCursorReaderNeverMissesConcurrentlyEnqueuedMessages() throws Exception {
        int partition = 2;
        int perThread = 1000;
        Set<String> enqueued = ConcurrentHashMap.newKeySet();
        AtomicBoolean writersDone = new AtomicBoolean();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<?> reader = pool.submit(() -> {
                long cursor = 0;
                while (true) {
                    boolean finalPass = writersDone.get();
                    List<StoredMessage> page = store.messages().fetch(partition, cursor, 50);
                    for (StoredMessage m : page) {
                        assertThat(m.seq()).as("fetch order").isGreaterThan(cursor);
                        cursor = m.seq();
                        seen.add(m.envelope().messageId());
                    }
                    if (page.isEmpty() && finalPass) {
                        return null;
                    }
                    if (page.isEmpty()) {
                        Thread.yield();
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ActorRef actor = data.actorIn(partition, "writer-" + t);
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; ) {
                        int size = 1 + i % 3;
                        List<Envelope> batch = new ArrayList<>();
                        for (int k = 0; k < size && i < perThread; k++, i++) {
                            batch.add(data.message(actor));
                        }
                        store.messages().enqueue(batch);
                        batch.forEach(e -> enqueued.add(e.messageId()));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            writersDone.set(true);
            reader.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(enqueued).hasSize(THREADS * perThread);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).as("messages the cursor reader saw").isEqualTo(enqueued);
    }

    /** Threads commit turns of their own actors, each with sends, at once; every turn applies, seqs stay contiguous. */
    @Test
    void concurrentTurnsOfDifferentActorsAllApplyWithContiguousJournals() throws Exception {
        int turns = 40;
        for (int p = 0; p < PARTITIONS; p++) {
            lease(p);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<ActorRef> actors = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                ActorRef actor = data.actor("worker-" + t);
                ActorRef sink = data.actor("sink-" + t);
                actors.add(actor);
                futures.add(pool.submit(() -> {
                    for (long seq = 1; seq <= turns; seq++) {
                        commitApplied(data.turn(leaseFor(actor), enqueueFor(actor), seq).send(data.message(sink)).build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < THREADS; t++) {
            assertThat(store.journal().read(actors.get(t), 1, 1000)).extracting(JournalEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, turns).boxed().toList());
            assertThat(queuedIds(actors.get(t))).as("handled messages").isEmpty();
            assertThat(queuedIds(data.actor("sink-" + t))).hasSize(turns);
        }
    }

    /** Two threads commit the same turn (a redelivered message) at once: exactly one applies. */
    @Test
    void racingCommitsOfTheSameTurnApplyExactlyOnce() throws Exception {
        ActorRef actor = data.actor("alice");
        Lease lease = leaseFor(actor);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (long seq = 1; seq <= 20; seq++) {
                StoredMessage m = enqueueFor(actor);
                ActorRef sink = data.actor("sink-" + seq);
                Write.TurnCommit first = data.turn(lease, m, seq).send(data.message(sink)).build();
                Write.TurnCommit second = data.turn(lease, m, seq).send(data.message(sink)).build();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<WriteResult> r1 = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return commit(first);
                });
                Future<WriteResult> r2 = pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return commit(second);
                });
                List<WriteResult> results = List.of(r1.get(60, TimeUnit.SECONDS), r2.get(60, TimeUnit.SECONDS));

                assertThat(results).as("seq %d", seq).containsOnlyOnce(WriteResult.APPLIED);
                assertThat(results).filteredOn(r -> !r.equals(WriteResult.APPLIED)).singleElement()
                        .isInstanceOf(WriteResult.Rejected.class);
                assertThat(queuedIds(sink)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.journal().read(actor, 1, 100)).hasSize(20);
    }
}
