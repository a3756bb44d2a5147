package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.ForwardingStore;
import dev.loom.spi.StoreException;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A commit whose outcome the node never learns (the connection is cut off after the database committed, or the
 * database restarts) is retried; when the retry finds the durable step already recorded, the turn is re-run from
 * what the store holds and replays the recorded result, instead of failing until the message is dead-lettered.
 */
class LostCommitOutcomeTest {
    private final InMemoryStore memory = new InMemoryStore(4);
    private final AtomicBoolean loseNextStepOutcome = new AtomicBoolean(true);
    private final Nodes nodes = new Nodes();

    record Pay(long amount) {
    }

    record Paid(long total, String charge) {
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** Applies the batch, then reports a failure for the first batch holding a step record. */
    private final ForwardingStore store = new ForwardingStore(memory) {
        @Override
        public List<WriteResult> commit(List<Write> writes) {
            List<WriteResult> results = super.commit(writes);
            if (writes.stream().anyMatch(w -> w instanceof Write.StepRecorded) && loseNextStepOutcome.getAndSet(false)) {
                throw new StoreException("connection reset after COMMIT (the outcome is unknown to the node)");
            }
            return results;
        }
    };

    @Test
    void aStepRecordedByACommitWhoseOutcomeWasLostIsReplayedNotDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        ActorType<Paid, Pay> payer = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0, null))
                .handler((ctx, s, m) -> {
                    String charge = ctx.run("charge", String.class, () -> "ch_" + calls.incrementAndGet());
                    return new Paid(s.total() + m.amount(), charge);
                }).build();
        Loom loom = nodes.start(store, payer);
        ActorRef ref = ActorRef.of("payer", "p");
        loom.send(ref, new Pay(5));

        await().atMost(Duration.ofSeconds(15)).until(() -> memory.journal().lastSeq(ref) == 1);
        assertThat(memory.deadLetters().list(DeadLetterQuery.all(10))).isEmpty();
        assertThat(calls.get()).as("the side effect ran again on the retry (at-least-once)").isEqualTo(2);
        assertThat(loom.state(ref).as(Paid.class)).as("the recorded result wins").isEqualTo(new Paid(5, "ch_1"));
    }
}
