package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Durable steps run once: recorded results are replayed on retry and after a crash, in order. */
class DurableStepTest {
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void stepsRecordedInAFailedAttemptAreNotRunAgainOnRetry() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "steps");
        String id = loom.send(a, new TestActors.Step(List.of("charge", "notify"), true)).messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
        assertThat(probe.handledCount(id)).isEqualTo(2);
        assertThat(probe.stepRuns).containsExactly("charge", "notify");
        assertThat(probe.stepKeys).containsExactly("tally/steps/" + id + "/0", "tally/steps/" + id + "/1");
    }

    /** Steps whose record made it survive a crash of the node: the next node replays them instead of running them. */
    @Test
    void stepsRecordedBeforeACrashAreReplayedByTheNextNode() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch inSecondStep = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        record Pay(long amount) {
        }
        record Paid(long total) {
        }
        ActorType<Paid, Pay> crashing = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0))
                .handler((ctx, s, m) -> {
                    ctx.run("charge", () -> {
                        runs.add("charge");
                        return "ch_1";
                    });
                    ctx.run("receipt", () -> {
                        inSecondStep.countDown();
                        await().forever().until(() -> never.getCount() == 0);
                        return "never";
                    });
                    return new Paid(s.total() + m.amount());
                }).build();
        Loom first = nodes.start(nodes.builder(store, crashing).nodeId("n1"));
        ActorRef payer = ActorRef.of("payer", "p");
        first.send(payer, new Pay(10));
        assertThat(inSecondStep.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        first.halt();

        List<String> secondRuns = new CopyOnWriteArrayList<>();
        ActorType<Paid, Pay> healthy = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0))
                .handler((ctx, s, m) -> {
                    String charge = ctx.run("charge", () -> {
                        secondRuns.add("charge");
                        return "ch_2";
                    });
                    ctx.run("receipt", () -> {
                        secondRuns.add("receipt");
                        return "r";
                    });
                    ctx.reply(charge);
                    return new Paid(s.total() + m.amount());
                }).build();
        Loom second = nodes.start(nodes.builder(store, healthy).nodeId("n1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> second.state(payer).seq() == 1);
        assertThat(runs).containsExactly("charge");
        assertThat(secondRuns).containsExactly("receipt");
        assertThat(second.state(payer).as(Paid.class).total()).isEqualTo(10);
        never.countDown();
    }

    @Test
    void aStepNameThatDiffersFromTheRecordDeadLettersAsNonDeterministic() {
        record Go(int n) {
        }
        record S(int n) {
        }
        ActorType<S, Go> flaky = ActorType.builder("flaky", S.class, Go.class).initialState(new S(0))
                .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5), 2))
                .handler((ctx, s, m) -> {
                    ctx.run(ctx.attempt() == 1 ? "a" : "b", () -> 1);
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails after its step");
                    }
                    return s;
                }).build();
        Loom loom = nodes.start(store, flaky);
        loom.send(ActorRef.of("flaky", "f"), new Go(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        var dl = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(dl.error().type()).isEqualTo(dev.loom.actor.NonDeterminismException.class.getName());
        assertThat(dl.attempts()).isEqualTo(2);
        assertThat(dl.steps()).hasSize(1);
        assertThat(dl.steps().getFirst().name()).isEqualTo("a");
    }
}
