package dev.loom.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redrive and purge by filter act on the letters that matched when they began, a page at a time. */
class StoreDeadLetterQueueTest {
    /**
     * A dead-letter store in which every redriven message fails again at once: it comes back under a new, larger
     * id, as a real redrive of an always-failing message does.
     */
    static final class RefailingStore implements DeadLetterStore {
        final TreeMap<String, DeadLetter> letters = new TreeMap<>();
        final AtomicInteger next = new AtomicInteger();
        int redriveCalls;

        void add(String queue) {
            add(queue, "client", Instant.EPOCH);
        }

        void add(String queue, String sender, Instant failedAt) {
            String id = String.format("dl-%06d", next.incrementAndGet());
            Envelope env = new Envelope("m-" + id, ActorRef.of(queue, "a"), 0, "Fail", "{}", null, sender, null,
                    Instant.EPOCH);
            letters.put(id, new DeadLetter(id, queue, env.target(), env, List.of(),
                    new ErrorInfo("java.lang.IllegalStateException", "boom", ""), 1, failedAt, failedAt));
        }

        @Override
        public List<DeadLetter> list(DeadLetterQuery q) {
            return letters.values().stream().filter(q::matches)
                    .filter(l -> q.afterId() == null || l.id().compareTo(q.afterId()) > 0).limit(q.limit()).toList();
        }

        @Override
        public long count(DeadLetterQuery q) {
            return letters.values().stream().filter(q::matches).count();
        }

        @Override
        public Optional<DeadLetter> get(String id) {
            return Optional.ofNullable(letters.get(id));
        }

        @Override
        public List<String> redrive(Collection<String> ids) {
            redriveCalls++;
            List<String> done = new ArrayList<>();
            for (String id : ids) {
                DeadLetter l = letters.remove(id);
                if (l != null) {
                    done.add(id);
                    add(l.originalQueue());
                }
            }
            return done;
        }

        @Override
        public int purge(Collection<String> ids) {
            int n = 0;
            for (String id : ids) {
                n += letters.remove(id) == null ? 0 : 1;
            }
            return n;
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old loop over first pages never ended
    void aRedriveOfMessagesThatFailAgainAtOnceEndsAndCountsTheLettersThatMatched() {
        RefailingStore store = new RefailingStore();
        for (int i = 0; i < 1234; i++) {
            store.add(i % 2 == 0 ? "other" : "tally");
        }
        AtomicInteger wakes = new AtomicInteger();
        StoreDeadLetterQueue dlq = new StoreDeadLetterQueue(store, wakes::incrementAndGet);
        DeadLetterQuery others = new DeadLetterQuery("other", null, null, null, 10);

        assertThat(dlq.redriveMatching(others)).isEqualTo(617);
        assertThat(store.redriveCalls).as("pages of 500").isEqualTo(2);
        assertThat(wakes).hasValue(1);
        // They failed again and are back, under new ids: still 617, none lost, none doubled.
        assertThat(dlq.count(others)).isEqualTo(617);
        assertThat(dlq.purgeMatching(others)).isEqualTo(617);
        assertThat(dlq.count(DeadLetterQuery.all(10))).isEqualTo(617);
    }

    @Test
    void purgeAndRedriveByFilterKeepTheSenderAndTimeFilter() {
        RefailingStore store = new RefailingStore();
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        store.add("tasks", "loom.pipeline/run-1", t0);
        store.add("tasks", "loom.pipeline/run-2", t0);
        store.add("tasks", "loom.pipeline/run-1", t0.plusSeconds(60));
        StoreDeadLetterQueue dlq = new StoreDeadLetterQueue(store, () -> { });

        DeadLetterQuery run1Early = DeadLetterQuery.all(10).withSender("loom.pipeline/run-1").failedBetween(null,
                t0.plusSeconds(1));
        assertThat(dlq.purgeMatching(run1Early)).isEqualTo(1);
        assertThat(store.letters.values()).extracting(l -> l.message().sender())
                .containsExactly("loom.pipeline/run-2", "loom.pipeline/run-1");
        assertThat(dlq.redriveMatching(DeadLetterQuery.all(10).withSender("loom.pipeline/run-2"))).isEqualTo(1);
        assertThat(store.redriveCalls).isEqualTo(1);
    }
}
