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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Group commit, the way the runtime's committer uses it: many actors' turns, each with an outgoing message
 * and an idempotency record, committed in batches. The test prints what the store achieved (turns/s and rows/s)
 * so stores can be compared on one machine, and asserts only that every turn was committed once, in order.
 * Timings are not asserted: CI machines are too noisy for that.
 *
 * <p>Sizes: {@code -Dloom.tck.throughput.turns} (default 4,000) turns from
 * {@code -Dloom.tck.throughput.actors} (default 200) actors, {@code -Dloom.tck.throughput.batch} (default 100)
 * turns per commit.
 */
public abstract class GroupCommitThroughputTck extends StoreTckBase {
    /**
     * Rows one turn writes: the journal entry, the outgoing message, the idempotency record and the removal of
     * the handled message.
     */
    static final int ROWS_PER_TURN = 4;

    @Test
    void batchesOfTurnsFromManyActorsCommitOnceInOrderAndTheRateIsReported() {
        int turns = Integer.getInteger("loom.tck.throughput.turns", 4_000);
        int actorCount = Integer.getInteger("loom.tck.throughput.actors", 200);
        int batchSize = Integer.getInteger("loom.tck.throughput.batch", 100);
        List<ActorRef> actors = new ArrayList<>();
        for (int i = 0; i < actorCount; i++) {
            actors.add(data.actor("throughput-" + i));
        }
        ActorRef sink = data.actor("throughput-sink");
        Map<ActorRef, Long> seqs = new HashMap<>();

        long enqueueNanos = 0;
        long commitNanos = 0;
        int committed = 0;
        int batches = 0;
        for (int start = 0; start < turns; start += batchSize) {
            int size = Math.min(batchSize, turns - start);
            List<Envelope> inbound = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                inbound.add(data.message(actors.get((start + i) % actorCount)));
            }
            long t0 = System.nanoTime();
            List<Long> queuedSeqs = store.messages().enqueue(inbound);
            enqueueNanos += System.nanoTime() - t0;

            List<Write> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                Envelope e = inbound.get(i);
                long seq = seqs.merge(e.target(), 1L, Long::sum);
                StoredMessage handled = new StoredMessage(queuedSeqs.get(i), e, null);
                Lease lease = lease(e.partition());
                batch.add(data.turn(lease, handled, seq).send(data.message(sink))
                        .idempotency("key-" + e.messageId(), "\"ok\"", TckData.T0.plusSeconds(3600)).build());
            }
            long t1 = System.nanoTime();
            List<WriteResult> results = store.commit(batch);
            commitNanos += System.nanoTime() - t1;
            assertThat(results).as("results of batch %d", batches).hasSize(size).containsOnly(WriteResult.APPLIED);
            committed += size;
            batches++;
        }

        double commitSeconds = commitNanos / 1e9;
        System.out.printf(Locale.ROOT, "[loom-store-tck] group commit on %s: %,d turns from %,d actors in %,d batches"
                        + " of up to %d: %,.0f turns/s, %,.0f rows/s (%d rows per turn); enqueue %,.0f messages/s%n",
                store.name(), committed, actorCount, batches, batchSize, committed / commitSeconds,
                committed * (double) ROWS_PER_TURN / commitSeconds, ROWS_PER_TURN, committed / (enqueueNanos / 1e9));

        for (ActorRef actor : actors) {
            long expected = seqs.getOrDefault(actor, 0L);
            assertThat(store.journal().lastSeq(actor)).as("journal head of %s", actor).isEqualTo(expected);
            List<JournalEntry> journal = store.journal().read(actor, 1, (int) expected + 1);
            assertThat(journal).extracting(JournalEntry::seq).as("journal of %s", actor)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
            assertThat(store.messages().forActor(actor, 1)).as("handled messages of %s are removed", actor).isEmpty();
        }
        assertThat(store.messages().forActor(sink, turns + 1)).as("one outgoing message per turn").hasSize(turns);
    }
}
