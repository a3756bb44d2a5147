package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.StoreException;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Across a store outage: sends that fail are not accepted, every accepted message is committed once afterwards. */
class StoreOutageTest {
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void noAcceptedMessageIsLostAcrossAnOutage() throws Exception {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).leaseTtl(Duration.ofSeconds(30)));
        ActorRef a = ActorRef.of("tally", "outage");
        List<Long> accepted = new ArrayList<>();
        int refused = 0;
        for (long i = 1; i <= 300; i++) {
            if (i == 100) {
                store.setAvailable(false);
            }
            if (i == 200) {
                // Partition workers and the timer pump count on the store breaker too: the call that opens it may be
                // theirs, whose thread completes the transition a moment after the sends saw their failures.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(loom.breakers().find("store"))
                        .hasValueSatisfying(b -> assertThat(b.state()).isEqualTo("OPEN")));
                store.setAvailable(true);
                assertThatThrownBy(() -> loom.send(a, new Add(0)))
                        .as("an open store breaker refuses sends even once the store is back")
                        .isInstanceOf(StoreException.class).hasMessageContaining("circuit breaker is open");
                // the outage opened the store breaker; the runbook's recovery step is resetting it
                loom.breakers().reset("store");
            }
            try {
                loom.send(a, new Add(i));
                accepted.add(i);
            } catch (StoreException e) {
                refused++;
            }
            if (i % 50 == 0) {
                Thread.sleep(20);
            }
        }
        assertThat(refused).isEqualTo(100);
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.state(a).seq() == accepted.size());
        assertThat(loom.state(a).as(TestActors.Tally.class).seen()).containsExactlyElementsOf(accepted);
    }
}
