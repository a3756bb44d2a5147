package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Durable timers fire once; reminders repeat until cancelled and survive a node restart. */
class TimerTest {
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aScheduledMessageIsDeliveredOnceAfterItsDelay() throws Exception {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "later");
        // The delay is long so that a slow machine still sees the timer pending between the two turns.
        loom.send(a, new TestActors.Later(2_000, 9));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.state(a).seq() >= 1);
        assertThat(store.timers().forActor(a)).hasSize(1);
        assertThat(loom.state(a).seq()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
        Thread.sleep(200);
        assertThat(loom.state(a).seq()).isEqualTo(2);
        assertThat(loom.state(a).as(TestActors.Tally.class).seen()).containsExactly(9L);
        assertThat(store.timers().forActor(a)).isEmpty();
    }

    @Test
    void aDelayedClientSendWaitsForItsTime() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "delayed");
        loom.send(a, new TestActors.Add(1), SendOptions.none().withDelay(Duration.ofMillis(2_000)));
        assertThat(store.timers().forActor(a)).hasSize(1);
        assertThat(loom.state(a).seq()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 1);
    }

    @Test
    void aReminderRepeatsUntilCancelledAndSurvivesARestart() throws Exception {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("n"));
        ActorRef a = ActorRef.of("tally", "ticks");
        loom.send(a, new TestActors.Remind(40));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.state(a).seq() >= 4);
        loom.shutdown(Duration.ofSeconds(5));

        Loom again = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("n"));
        long before = again.state(a).seq();
        await().atMost(Duration.ofSeconds(5)).until(() -> again.state(a).seq() >= before + 3);
        again.send(a, new TestActors.Unremind());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.timers().forActor(a).isEmpty());
        // A fire that left the timer table before the cancellation committed may still be queued: let it land.
        Thread.sleep(300);
        long stopped = again.state(a).seq();
        Thread.sleep(300);
        assertThat(again.state(a).seq()).isEqualTo(stopped);
        List<String> types = again.journal(a, 1, 1000).stream().map(e -> e.messageType()).distinct().toList();
        assertThat(types).containsExactlyInAnyOrder("Remind", "Add", "Unremind");
    }
}
