package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.partition.Partitioner;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.StoredMessage;
import dev.loom.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A send with an idempotency key that the store already knows (committed, queued or scheduled) returns the first
 * message's id with {@code deduplicated} set and stores nothing; the turn-level check stays as the safety net.
 */
class SendDeduplicationTest {
    /** A counter whose {@code Hold} message blocks its turn until the test opens the gate. */
    record Count(long sum) {
    }

    sealed interface GateMsg permits Hold, Add {
    }

    record Hold() implements GateMsg {
    }

    record Add(long n) implements GateMsg {
    }

    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void stop() {
        gate.countDown();
        nodes.close();
    }

    private ActorType<Count, GateMsg> gated() {
        return ActorType.builder("gated", Count.class, GateMsg.class)
                .initialState(new Count(0))
                .handler((ctx, s, msg) -> switch (msg) {
                    case Hold h -> {
                        if (!gate.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                        yield s;
                    }
                    case Add a -> {
                        ctx.reply(s.sum() + a.n());
                        yield new Count(s.sum() + a.n());
                    }
                })
                .build();
    }

    private static SendOptions key(String k) {
        return SendOptions.none().withIdempotencyKey(k);
    }

    @Test
    void aRepeatedKeyWhileTheFirstIsQueuedReturnsTheFirstIdAndTheJournalHasItOnce() {
        Loom loom = nodes.start(store, gated());
        ActorRef a = ActorRef.of("gated", "queued");
        loom.send(a, new Hold());
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.inFlightTurns() == 1);

        Accepted first = loom.send(a, new Add(5), key("order-17"));
        Accepted again = loom.send(a, new Add(5), key("order-17"));
        Accepted asJson = loom.sendJson(a, "Add", JsonNodeFactory.instance.objectNode().put("n", 5), key("order-17"));

        assertThat(first.deduplicated()).isFalse();
        assertThat(again).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(asJson).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(store.messages().forActor(a, 100)).extracting(m -> m.envelope().idempotencyKey())
                .as("queued keys: the repeats stored nothing").containsExactly(null, "order-17");

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
        assertThat(loom.journal(a, 1, 100)).filteredOn(e -> "order-17".equals(e.idempotencyKey()))
                .extracting(JournalEntry::messageId).containsExactly(first.messageId());
        assertThat(loom.state(a).as(Count.class).sum()).isEqualTo(5);
    }

    @Test
    void aRepeatedKeyAfterCommitReturnsTheCommittedId() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "committed");
        Accepted first = loom.send(a, new TestActors.Add(10), key("deposit-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);

        Accepted again = loom.send(a, new TestActors.Add(10), key("deposit-1"));

        assertThat(again).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(store.messages().forActor(a, 10)).isEmpty();
        Reply asked = loom.ask(a, new TestActors.Add(10), key("deposit-1"), Duration.ofSeconds(5));
        assertThat(asked.deduplicated()).isTrue();
        assertThat(asked.messageId()).as("an ask answered from the record names the committed message")
                .isEqualTo(first.messageId());
        assertThat(loom.journal(a, 1, 100)).extracting(JournalEntry::messageId).containsExactly(first.messageId());
        assertThat(probe.handledCount(first.messageId())).isEqualTo(1);
    }

    @Test
    void aDelayedSendWithAKeyIsFoundWhileItIsScheduled() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "later");
        Accepted first = loom.send(a, new TestActors.Add(3), key("reminder-1").withDelay(Duration.ofHours(1)));

        Accepted now = loom.send(a, new TestActors.Add(3), key("reminder-1"));
        Accepted delayed = loom.send(a, new TestActors.Add(3), key("reminder-1").withDelay(Duration.ofMinutes(5)));

        assertThat(first.deduplicated()).isFalse();
        assertThat(now).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(delayed).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(store.timers().forActor(a)).hasSize(1);
        assertThat(store.messages().forActor(a, 10)).isEmpty();
    }

    @Test
    void concurrentSendsWithOneKeyAcceptOneMessageAndAllReturnItsId() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).meterRegistry(meters));
        ActorRef a = ActorRef.of("tally", "race");
        int senders = 16;
        CyclicBarrier start = new CyclicBarrier(senders);
        List<Future<Accepted>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            for (int i = 0; i < senders; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return loom.send(a, new TestActors.Add(1), key("once"));
                }));
            }
        }
        List<Accepted> accepted = new ArrayList<>();
        for (Future<Accepted> f : results) {
            accepted.add(f.get());
        }

        assertThat(accepted).filteredOn(r -> !r.deduplicated()).as("sends accepted as new").hasSize(1);
        String id = accepted.stream().filter(r -> !r.deduplicated()).findFirst().orElseThrow().messageId();
        assertThat(accepted).extracting(Accepted::messageId).containsOnly(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
        assertThat(loom.state(a).as(TestActors.Tally.class).sum()).isEqualTo(1);
        assertThat(loom.journal(a, 1, 100)).extracting(JournalEntry::messageId).containsExactly(id);
        // every accepted send settles once: one committed, the rest deduplicated at the send
        assertThat(meters.get("loom.messages.accepted").counter().count()).isEqualTo(senders);
        assertThat(meters.get("loom.messages").tag("outcome", "deduplicated").counter().count()).isEqualTo(senders - 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                meters.get("loom.messages").tag("outcome", "committed").counter().count() == 1);
    }

    @Test
    void theSameKeyForDifferentActorsIsIndependent() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "one");
        ActorRef b = ActorRef.of("tally", "two");

        Accepted toA = loom.send(a, new TestActors.Add(1), key("shared"));
        Accepted toB = loom.send(b, new TestActors.Add(2), key("shared"));

        assertThat(toA.deduplicated()).isFalse();
        assertThat(toB.deduplicated()).isFalse();
        assertThat(toB.messageId()).isNotEqualTo(toA.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1 && loom.state(b).seq() == 1);
        assertThat(loom.send(b, new TestActors.Add(2), key("shared"))).isEqualTo(new Accepted(toB.messageId(), true));
        assertThat(loom.state(b).as(TestActors.Tally.class).sum()).isEqualTo(2);
    }

    @Test
    void aKeyedMessageThatReachesTheQueueAnywayIsAcknowledgedWithoutRunning() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "net");
        Accepted first = loom.send(a, new TestActors.Add(10), key("deposit-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);

        // A duplicate that bypassed the send path (as one sent with the key from a turn, or redriven, would).
        Envelope twin = new Envelope("twin-1", a, Partitioner.partitionOf(a, store.partitions()), "Add", "{\"n\":10}",
                "deposit-2", "test", null, Instant.now());
        store.messages().enqueue(List.of(twin));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.messages().forActor(a, 10).isEmpty());

        assertThat(probe.handledCount("twin-1")).isZero();
        assertThat(loom.state(a).seq()).isEqualTo(1);
        assertThat(loom.journal(a, 1, 100)).extracting(JournalEntry::messageId).containsExactly(first.messageId());
    }

    @Test
    void aKeyIsNewAgainOnceItsFirstMessageWasDeadLettered() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "dead");
        Accepted failed = loom.send(a, new TestActors.AlwaysFail("card declined"), key("charge-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);

        Accepted retry = loom.send(a, new TestActors.Add(4), key("charge-1"));

        assertThat(retry.deduplicated()).isFalse();
        assertThat(retry.messageId()).isNotEqualTo(failed.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
        assertThat(loom.state(a).as(TestActors.Tally.class).sum()).isEqualTo(4);
    }

    @Test
    void aKeyIsNewAgainOnceItsIdempotencyRecordExpired() {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).idempotencyTtl(Duration.ofMillis(200)));
        ActorRef a = ActorRef.of("tally", "expired");
        Accepted first = loom.send(a, new TestActors.Add(1), key("short-lived"));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(250))
                .until(() -> store.idempotency().find(a, "short-lived", Instant.now()).isEmpty());

        Accepted later = loom.send(a, new TestActors.Add(1), key("short-lived"));

        assertThat(later.deduplicated()).isFalse();
        assertThat(later.messageId()).isNotEqualTo(first.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
    }

    @Test
    void aSendWithoutAKeyIsNeverDeduplicated() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "plain");
        Accepted one = loom.send(a, new TestActors.Add(1));
        Accepted two = loom.send(a, new TestActors.Add(1));
        assertThat(List.of(one, two)).noneMatch(Accepted::deduplicated);
        assertThat(one.messageId()).isNotEqualTo(two.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
        assertThat(store.messages().forActor(a, 10)).extracting(StoredMessage::seq).isEmpty();
    }
}
