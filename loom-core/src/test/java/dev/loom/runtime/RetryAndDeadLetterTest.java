package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static dev.loom.runtime.TestActors.AlwaysFail;
import static dev.loom.runtime.TestActors.FailTimes;
import static dev.loom.runtime.TestActors.Tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.RetryPolicy;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failing handlers are retried with backoff keeping per-actor order, then dead-lettered; operators redrive. */
class RetryAndDeadLetterTest {
    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aFailingMessageIsRetriedAndLaterMessagesWaitBehindIt() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "retry");
        String failing = loom.send(a, new FailTimes(2, 100)).messageId();
        loom.send(a, new Add(1));
        loom.send(a, new Add(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 3);
        assertThat(loom.state(a).as(Tally.class).seen()).containsExactly(100L, 1L, 2L);
        assertThat(probe.handledCount(failing)).isEqualTo(3);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
    }

    @Test
    void afterTheLastAttemptTheMessageIsDeadLetteredWithItsWholeRecordAndTheActorMovesOn() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "dlq");
        String bad = loom.send(a, new AlwaysFail("card declined")).messageId();
        loom.send(a, new Add(7));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
        assertThat(loom.state(a).as(Tally.class).sum()).isEqualTo(7);
        assertThat(probe.handledCount(bad)).isEqualTo(TestActors.FAST_RETRY.maxAttempts());

        List<DeadLetter> letters = loom.deadLetters().list(DeadLetterQuery.all(10));
        assertThat(letters).hasSize(1);
        DeadLetter dl = letters.getFirst();
        assertThat(dl.originalQueue()).isEqualTo("tally");
        assertThat(dl.actor()).isEqualTo(a);
        assertThat(dl.message().messageId()).isEqualTo(bad);
        assertThat(dl.message().messageType()).isEqualTo("AlwaysFail");
        assertThat(dl.error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(dl.error().message()).isEqualTo("card declined");
        assertThat(dl.error().stack()).contains("TestActors");
        assertThat(dl.attempts()).isEqualTo(3);
        assertThat(dl.firstFailedAt()).isBeforeOrEqualTo(dl.lastFailedAt());
        assertThat(loom.deadLetters().get(dl.id())).contains(dl);
    }

    @Test
    void redriveReturnsTheMessageToItsOriginalQueueWithAttemptsReset() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "redrive");
        String msg = loom.send(a, new FailTimes(3, 5)).messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        assertThat(loom.state(a).seq()).isZero();

        DeadLetter dl = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(loom.deadLetters().redrive(List.of(dl.id(), "dl-unknown"))).containsExactly(dl.id());
        // attempts restart at 1, so FailTimes(3) fails three more times and is dead-lettered again
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.handledCount(msg) == 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        DeadLetter again = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(again.originalQueue()).isEqualTo("tally");
        assertThat(again.message().messageId()).isEqualTo(msg);
        assertThat(again.attempts()).isEqualTo(3);
    }

    @Test
    void redriveByFilterAndPurge() {
        TestActors.Probe other = new TestActors.Probe();
        Loom loom = nodes.start(store, TestActors.tally(probe),
                TestActors.tally("other", other, new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1), 0, false));
        for (int i = 0; i < 4; i++) {
            loom.send(ActorRef.of("other", "o" + i), new AlwaysFail("x"));
        }
        loom.send(ActorRef.of("tally", "t"), new AlwaysFail("y"));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(100)) == 5);
        DeadLetterQuery others = new DeadLetterQuery("other", null, null, null, 100);
        assertThat(loom.deadLetters().count(others)).isEqualTo(4);
        assertThat(loom.deadLetters().list(new DeadLetterQuery("other", "o2", null, null, 10))).hasSize(1);

        assertThat(loom.deadLetters().redriveMatching(others)).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(others) == 4
                && other.handled.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum() == 8);
        assertThat(loom.deadLetters().purgeMatching(others)).isEqualTo(4);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(100))).isEqualTo(1);
        assertThat(loom.deadLetters().count(new DeadLetterQuery(null, null, IllegalStateException.class.getName(), null, 10)))
                .isEqualTo(1);
    }

    /** A message for a type this node does not register (removed from the code) must not block its partition. */
    @Test
    void aQueuedMessageForAnUnregisteredTypeIsDeadLetteredWithAClearError() {
        ActorRef ghost = ActorRef.of("ghost", "g1");
        int partition = dev.loom.partition.Partitioner.partitionOf(ghost, store.partitions());
        store.messages().enqueue(List.of(new dev.loom.spi.Envelope("m-ghost", ghost, partition, "Boo", "{}", null,
                null, null, java.time.Instant.now())));
        Loom loom = nodes.start(store, TestActors.tally(probe));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        DeadLetter dl = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(dl.originalQueue()).isEqualTo("ghost");
        assertThat(dl.error().type()).isEqualTo(UnknownActorTypeException.class.getName());
        assertThat(dl.error().message()).contains("ghost");
        assertThat(store.messages().forActor(ghost, 10)).isEmpty();
    }

    @Test
    void anAskWhoseMessageIsDeadLetteredFails() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        assertThatThrownBy(() -> loom.ask(ActorRef.of("tally", "x"), new AlwaysFail("no"), Duration.ofSeconds(10)))
                .isInstanceOf(MessageDeadLetteredException.class).hasMessageContaining("dead-lettered");
    }

    @Test
    void backoffCapsGrowExponentiallyAndJitterStaysWithinThem() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        assertThat(p.cap(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.cap(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.cap(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.cap(5)).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(p.delayAfter(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
        }
        assertThat(p.mayRetry(9)).isTrue();
        assertThat(p.mayRetry(10)).isFalse();
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1)).hasMessageContaining("maxAttempts");
    }
}
