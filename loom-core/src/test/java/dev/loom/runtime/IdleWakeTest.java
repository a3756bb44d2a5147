package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idle node polls rarely, yet what this node sends and schedules is not late: sends wake their partition and
 * committed timers ask for a timer round at their due time. The poll and timer intervals here are an hour, so only
 * those wake-ups can deliver anything within the test's wait.
 */
class IdleWakeTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private Loom sleepyNode() {
        return nodes.start(nodes.builder(store, TestActors.tally(probe))
                .pollInterval(HOUR).idlePollInterval(HOUR).timerInterval(HOUR));
    }

    @Test
    void aTimerScheduledInATurnFiresWithoutAPollingRound() {
        Loom loom = sleepyNode();
        ActorRef a = ActorRef.of("tally", "sleepy-turn");
        loom.send(a, new TestActors.Later(300, 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
        assertThat(loom.state(a).as(TestActors.Tally.class).seen()).containsExactly(4L);
    }

    @Test
    void aDelayedClientSendAndARemindersNextFireWakeTheTimerRounds() {
        Loom loom = sleepyNode();
        ActorRef delayed = ActorRef.of("tally", "sleepy-delayed");
        loom.send(delayed, new TestActors.Add(1), SendOptions.none().withDelay(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(delayed).seq() == 1);

        ActorRef ticks = ActorRef.of("tally", "sleepy-ticks");
        loom.send(ticks, new TestActors.Remind(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(ticks).seq() >= 4);
    }

    @Test
    void anAdaptiveTaskRunsWhenAskedAndKeepsRequestsMadeWhileItRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Periodic p = Periodic.adaptive("test", HOUR, HOUR, () -> {
            runs.incrementAndGet();
            return false;
        });
        try {
            p.runWithin(Duration.ZERO);
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
            p.runWithin(Duration.ofMillis(50));
            p.runWithin(Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);
            Thread.sleep(200);
            assertThat(runs.get()).as("two requests before one run are one run").isEqualTo(2);
        } finally {
            p.stop();
        }
    }
}
