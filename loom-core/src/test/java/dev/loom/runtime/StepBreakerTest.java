package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.actor.StepOptions;
import dev.loom.breaker.BreakerOpenException;
import dev.loom.breaker.BreakerSettings;
import dev.loom.breaker.Breakers;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.StoredMessage;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable steps through a named breaker: an outage of the downstream service opens it, messages then wait
 * without using attempts (durably, in the store's bookkeeping), none is dead-lettered, and they commit in order
 * once the service is back or the breaker is reset.
 */
class StepBreakerTest {
    private static final String BREAKER = "gateway";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final InMemoryStore store = new InMemoryStore(4);
    private final Nodes nodes = new Nodes();
    private final Downstream downstream = new Downstream();

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** The downstream service: up or down, counting the calls that reached it. */
    static final class Downstream {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();
        final List<Long> charged = new CopyOnWriteArrayList<>();

        String charge(long amount) {
            calls.incrementAndGet();
            if (!up.get()) {
                throw new IllegalStateException("HTTP 503 from the gateway");
            }
            charged.add(amount);
            return "ch_" + charged.size();
        }
    }

    record Pay(long amount) {
    }

    record Paid(List<Long> amounts) {
    }

    /** Three attempts at most; the breaker opens after three failures in a row. */
    private ActorType<Paid, Pay> payer() {
        return ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(List.of()))
                .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2))
                .handler((ctx, s, m) -> {
                    ctx.run("charge", String.class, StepOptions.breaker(BREAKER), () -> downstream.charge(m.amount()));
                    List<Long> next = new java.util.ArrayList<>(s.amounts());
                    next.add(m.amount());
                    return new Paid(next);
                }).build();
    }

    private Loom start(Duration openTimeout) {
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of(BREAKER, new BreakerSettings(3, 1, openTimeout)));
        return nodes.start(nodes.builder(store, payer()).breakers(breakers));
    }

    private StoredMessage head(ActorRef actor) {
        List<StoredMessage> queued = store.messages().forActor(actor, 10);
        assertThat(queued).as("messages queued for " + actor).isNotEmpty();
        return queued.getFirst();
    }

    private static boolean waitsForTheBreaker(StoredMessage m) {
        return m.delivery().lastError() != null
                && m.delivery().lastError().type().equals(BreakerOpenException.class.getName());
    }

    /** Takes the service down, sends {@code amounts} to {@code a} and waits until the first waits for the open breaker. */
    private void outageUntilWaiting(Loom loom, ActorRef a, long... amounts) {
        downstream.up.set(false);
        for (long amount : amounts) {
            loom.send(a, new Pay(amount));
        }
        await().atMost(WAIT).until(() -> !loom.breakers().isClosed(BREAKER) && waitsForTheBreaker(head(a)));
    }

    @Test
    void anOutageOpensTheBreakerAndTheMessageWaitsWithTheAttemptsItHadUsedWhileLaterOnesWaitBehindIt() {
        Loom loom = start(Duration.ofMinutes(10));
        ActorRef a = ActorRef.of("payer", "p1");
        outageUntilWaiting(loom, a, 1, 2);

        // Two failures used attempts; the third opened the breaker, so it is the outage's and uses none.
        StoredMessage first = head(a);
        assertThat(first.delivery().attempts()).isEqualTo(2);
        assertThat(first.delivery().notBefore()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(5)));
        assertThat(downstream.calls).hasValue(3);
        assertThat(store.messages().forActor(a, 10)).hasSize(2);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
        assertThat(loom.state(a).seq()).isZero();
        assertThat(loom.breakers().find(BREAKER)).hasValueSatisfying(b -> assertThat(b.state()).isEqualTo("OPEN"));
    }

    @Test
    void aLongOutageFillsNoDeadLetterQueueAndTheMessagesCommitInOrderOnceTheServiceIsBack() {
        Loom loom = start(Duration.ofMillis(100));
        ActorRef a = ActorRef.of("payer", "p2");
        ActorRef b = ActorRef.of("payer", "p3");
        downstream.up.set(false);
        loom.send(a, new Pay(1));
        loom.send(a, new Pay(2));
        loom.send(b, new Pay(10));
        // Every open timeout lets a trial call through, which fails and opens the breaker again: many more calls
        // than the three attempts a message has, and still no attempt used after the breaker first opened.
        await().atMost(WAIT).until(() -> downstream.calls.get() >= 12);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
        assertThat(store.messages().forActor(a, 10)).hasSize(2)
                .allSatisfy(m -> assertThat(m.delivery().attempts()).isLessThan(3));
        assertThat(store.messages().forActor(b, 10)).hasSize(1)
                .allSatisfy(m -> assertThat(m.delivery().attempts()).isLessThan(3));

        downstream.up.set(true);
        await().atMost(WAIT).until(() -> loom.state(a).seq() == 2 && loom.state(b).seq() == 1);
        assertThat(loom.state(a).as(Paid.class).amounts()).containsExactly(1L, 2L);
        assertThat(downstream.charged).containsExactlyInAnyOrder(1L, 2L, 10L);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
        assertThat(loom.breakers().isClosed(BREAKER)).isTrue();
    }

    @Test
    void aResetWakesTheWaitingMessagesAtOnceInsteadOfAfterTheOpenTimeout() {
        Loom loom = start(Duration.ofHours(1));
        ActorRef a = ActorRef.of("payer", "p4");
        outageUntilWaiting(loom, a, 5, 6);

        downstream.up.set(true);
        assertThat(loom.breakers().reset(BREAKER)).isTrue();
        // The open timeout is an hour: only the reset can have let them through within the wait.
        await().atMost(WAIT).until(() -> loom.state(a).seq() == 2);
        assertThat(loom.state(a).as(Paid.class).amounts()).containsExactly(5L, 6L);
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
    }

    @Test
    void thePostponementIsInTheStoreSoTheNextNodeRunsTheMessageWithTheAttemptsItHadUsed() {
        List<Integer> committedAttempts = new CopyOnWriteArrayList<>();
        ActorType<Paid, Pay> counting = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(List.of()))
                .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2))
                .handler((ctx, s, m) -> {
                    ctx.run("charge", String.class, StepOptions.breaker(BREAKER), () -> downstream.charge(m.amount()));
                    committedAttempts.add(ctx.attempt());
                    return new Paid(List.of(m.amount()));
                }).build();
        Breakers first = new Breakers(BreakerSettings.DEFAULT, Map.of(BREAKER, new BreakerSettings(3, 1, Duration.ofMillis(500))));
        Loom n1 = nodes.start(nodes.builder(store, counting).nodeId("n1").breakers(first));
        ActorRef a = ActorRef.of("payer", "p5");
        outageUntilWaiting(n1, a, 9);
        n1.halt();
        assertThat(head(a).delivery().attempts()).isEqualTo(2);

        downstream.up.set(true);
        // A restarted node, its breakers fresh: the message runs at the retry time it was given, with its count.
        Loom n2 = nodes.start(nodes.builder(store, counting).nodeId("n1"));
        await().atMost(WAIT).until(() -> n2.state(a).seq() == 1);
        assertThat(committedAttempts).as("the third attempt: the postponement used none").containsExactly(3);
        assertThat(n2.deadLetters().count(DeadLetterQuery.all(10))).isZero();
    }

    @Test
    void aStepRecordedBeforeTheOutageIsReplayedWithoutAskingTheOpenBreaker() {
        AtomicInteger receipts = new AtomicInteger();
        AtomicBoolean receiptFails = new AtomicBoolean(true);
        record Go(int n) {
        }
        record Done(int n) {
        }
        ActorType<Done, Go> twoSteps = ActorType.builder("two-steps", Done.class, Go.class).initialState(new Done(0))
                .retry(new RetryPolicy(1000, Duration.ofMillis(20), Duration.ofMillis(20), 1))
                .handler((ctx, s, m) -> {
                    ctx.run("charge", String.class, StepOptions.breaker(BREAKER), () -> downstream.charge(m.n()));
                    ctx.run("receipt", Integer.class, () -> {
                        if (receiptFails.get()) {
                            throw new IllegalStateException("receipt printer jammed");
                        }
                        return receipts.incrementAndGet();
                    });
                    return new Done(s.n() + m.n());
                }).build();
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of(BREAKER, new BreakerSettings(3, 1, Duration.ofHours(1))));
        Loom loom = nodes.start(nodes.builder(store, twoSteps).breakers(breakers));
        ActorRef a = ActorRef.of("two-steps", "t1");
        loom.send(a, new Go(7));
        await().atMost(WAIT).until(() -> store.messages().forActor(a, 10).stream()
                .anyMatch(m -> m.delivery().attempts() >= 1 && m.delivery().steps().size() == 1));
        // The gateway breaker opens while the first attempt's charge is already recorded.
        breakers.breaker(BREAKER).transitionToOpenState();
        receiptFails.set(false);
        await().atMost(WAIT).until(() -> loom.state(a).seq() == 1);
        assertThat(downstream.calls).as("the charge ran once; its replay did not ask the open breaker").hasValue(1);
        assertThat(receipts).hasValue(1);
        assertThat(breakers.find(BREAKER)).hasValueSatisfying(v -> {
            assertThat(v.state()).isEqualTo("OPEN");
            assertThat(v.notPermittedCalls()).isZero();
        });
    }

    @Test
    void aHandlerThatCatchesTheRefusalAnswersWithoutTheServiceAndCommits() {
        record Try(int n) {
        }
        record Answers(List<String> answers) {
        }
        ActorType<Answers, Try> fallback = ActorType.builder("fallback", Answers.class, Try.class)
                .initialState(new Answers(List.of()))
                .handler((ctx, s, m) -> {
                    String answer;
                    try {
                        answer = ctx.run("quote", StepOptions.breaker(BREAKER), () -> downstream.charge(m.n()));
                    } catch (BreakerOpenException e) {
                        answer = "cached";
                    }
                    List<String> next = new java.util.ArrayList<>(s.answers());
                    next.add(answer);
                    return new Answers(next);
                }).build();
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of(BREAKER, new BreakerSettings(3, 1, Duration.ofHours(1))));
        breakers.breaker(BREAKER).transitionToOpenState();
        Loom loom = nodes.start(nodes.builder(store, fallback).breakers(breakers));
        ActorRef a = ActorRef.of("fallback", "f1");
        loom.send(a, new Try(1));
        await().atMost(WAIT).until(() -> loom.state(a).seq() == 1);
        assertThat(loom.state(a).as(Answers.class).answers()).containsExactly("cached");
        assertThat(downstream.calls).hasValue(0);
    }
}
