package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.JournalEntry;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshots every N turns trim the journal (unless retained); time travel; trim never passes the snapshot. */
class SnapshotTest {
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void snapshotsTrimTheJournalAndActivationReadsOnlyTheTail() {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally("snap", probe, TestActors.FAST_RETRY, 10, false))
                .nodeId("n"));
        ActorRef a = ActorRef.of("snap", "a");
        for (int i = 1; i <= 25; i++) {
            loom.send(a, new Add(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 25);
        assertThat(store.snapshots().latest(a)).hasValueSatisfying(s -> assertThat(s.seq()).isEqualTo(20));
        assertThat(store.journal().firstSeq(a)).isEqualTo(21);
        assertThat(store.journal().lastSeq(a)).isEqualTo(25);
        String live = loom.state(a).state().toString();
        loom.shutdown(Duration.ofSeconds(5));

        CountingStore counting = new CountingStore(store);
        Loom again = nodes.start(nodes.builder(counting, TestActors.tally("snap", probe, TestActors.FAST_RETRY, 10, false))
                .nodeId("n"));
        again.send(a, new Add(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> again.state(a).seq() == 26);
        assertThat(counting.journalEntriesRead()).isEqualTo(5);
        assertThat(again.stateAt(a, 25).state().toString()).isEqualTo(live);
        assertThatThrownBy(() -> again.stateAt(a, 5)).isInstanceOf(StateUnavailableException.class)
                .hasMessageContaining("trimmed");
        assertThatThrownBy(() -> again.stateAt(a, 27)).isInstanceOf(StateUnavailableException.class);
    }

    @Test
    void retainJournalKeepsEveryEntryForTimeTravelAndReplay() {
        Loom loom = nodes.start(store, TestActors.tally("audit", probe, TestActors.FAST_RETRY, 5, true));
        ActorRef a = ActorRef.of("audit", "a");
        for (int i = 1; i <= 12; i++) {
            loom.send(a, new Add(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 12);
        assertThat(store.journal().firstSeq(a)).isEqualTo(1);
        assertThat(loom.stateAt(a, 3).as(TestActors.Tally.class).sum()).isEqualTo(6);
        List<ReplayStep> replay = loom.replay(a, 2, 4);
        assertThat(replay).extracting(s -> s.entry().seq()).containsExactly(2L, 3L, 4L);
        assertThat(replay).extracting(s -> s.state().get("sum").asLong()).containsExactly(3L, 6L, 10L);
    }

    @Test
    void manualSnapshotThenTrimButNeverPastTheSnapshot() {
        Loom loom = nodes.start(store, TestActors.tally("manual", probe, TestActors.FAST_RETRY, 0, true));
        ActorRef a = ActorRef.of("manual", "a");
        for (int i = 1; i <= 8; i++) {
            loom.send(a, new Add(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 8);
        assertThatThrownBy(() -> loom.trim(a, 3)).isInstanceOf(StateUnavailableException.class);
        assertThat(store.journal().firstSeq(a)).isEqualTo(1);
        assertThat(loom.snapshot(a)).isEqualTo(8);
        loom.trim(a, 6);
        assertThat(loom.journal(a, 1, 100)).extracting(JournalEntry::seq).containsExactly(7L, 8L);
        assertThatThrownBy(() -> loom.trim(a, 9)).isInstanceOf(StateUnavailableException.class);
        assertThat(loom.state(a).as(TestActors.Tally.class).sum()).isEqualTo(36);
        loom.clearCache("manual/*");
        assertThat(loom.state(a).as(TestActors.Tally.class).sum()).isEqualTo(36);
    }
}
