package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static dev.loom.runtime.TestActors.Get;
import static dev.loom.runtime.TestActors.Tally;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.json.Json;
import dev.loom.spi.JournalEntry;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Turns commit atomically with contiguous journal seqs and patches that fold to the state; asks and idempotency. */
class TurnCommitTest {
    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void sendsCommitInOrderWithContiguousJournalThatFoldsToTheState() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "a");
        for (int i = 1; i <= 50; i++) {
            loom.send(a, new Add(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 50);
        Tally t = loom.state(a).as(Tally.class);
        assertThat(t.sum()).isEqualTo(50 * 51 / 2);
        assertThat(t.seen()).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        List<JournalEntry> journal = loom.journal(a, 1, 100);
        assertThat(journal).extracting(JournalEntry::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(journal).allSatisfy(e -> assertThat(e.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        assertThat(loom.stateAt(a, 50).state().toString()).isEqualTo(loom.state(a).state().toString());
        assertThat(loom.stateAt(a, 3).as(Tally.class).sum()).isEqualTo(6);
        assertThat(store.messages().fetch(loomPartition(a), 0, 10)).isEmpty();
    }

    private int loomPartition(ActorRef a) {
        return dev.loom.partition.Partitioner.partitionOf(a, store.partitions());
    }

    @Test
    void askReturnsTheHandlersReply() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "ask");
        loom.send(a, new Add(5));
        Reply r = loom.ask(a, new Add(2), Duration.ofSeconds(5));
        assertThat(r.as(Long.class)).isEqualTo(7L);
        assertThat(r.deduplicated()).isFalse();
        assertThat(loom.ask(a, new Get(), Duration.ofSeconds(5)).as(Long.class)).isEqualTo(7L);
    }

    @Test
    void aRepeatedIdempotencyKeyRunsTheHandlerOnceAndAnAskGetsTheStoredReply() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "idem");
        SendOptions key = SendOptions.none().withIdempotencyKey("deposit-1");
        Accepted first = loom.send(a, new Add(10), key);
        Accepted second = loom.send(a, new Add(10), key);
        loom.send(a, new Add(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(a).seq() == 2);
        assertThat(loom.state(a).as(Tally.class).sum()).isEqualTo(11);
        assertThat(second).isEqualTo(new Accepted(first.messageId(), true));
        assertThat(probe.handledCount(first.messageId())).isEqualTo(1);

        Reply again = loom.ask(a, new Add(10), key, Duration.ofSeconds(5));
        assertThat(again.deduplicated()).isTrue();
        assertThat(again.as(Long.class)).isEqualTo(10L);
        assertThat(loom.state(a).as(Tally.class).sum()).isEqualTo(11);
    }

    @Test
    void sendJsonValidatesTypeMessageAndPayloadBeforeAccepting() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "json");
        var payload = JsonNodeFactory.instance.objectNode().put("n", 4);
        loom.sendJson(a, "Add", payload, SendOptions.none());
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.state(a).seq() == 1);

        assertThatThrownBy(() -> loom.sendJson(ActorRef.of("nope", "x"), "Add", payload, SendOptions.none()))
                .isInstanceOf(UnknownActorTypeException.class).hasMessageContaining("nope").hasMessageContaining("tally");
        assertThatThrownBy(() -> loom.sendJson(a, "Nope", payload, SendOptions.none()))
                .isInstanceOf(UnknownMessageTypeException.class).hasMessageContaining("Add");
        assertThatThrownBy(() -> loom.sendJson(a, "Add", Json.parse("{\"n\":\"four\"}"), SendOptions.none()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> loom.sendJson(a, "Add", Json.parse("{\"n\":1,\"extra\":2}"), SendOptions.none()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> loom.sendJson(a, "Add", Json.parse("[1]"), SendOptions.none()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("object");
        assertThat(store.messages().stats()).allSatisfy(q -> assertThat(q.depth()).isZero());
        assertThat(loom.state(a).seq()).isEqualTo(1);
    }

    @Test
    void sendsFromATurnAreDeliveredOnlyWithTheCommit() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        ActorRef a = ActorRef.of("tally", "from");
        ActorRef b = ActorRef.of("tally", "to");
        loom.send(a, new TestActors.Forward("to", 3));
        loom.send(a, new TestActors.Forward("to", 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.state(b).seq() == 2);
        assertThat(loom.state(b).as(Tally.class).seen()).containsExactly(3L, 4L);
        assertThat(loom.state(a).seq()).isEqualTo(2);
    }

    @Test
    void afterShutdownSendsAreRefused() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        assertThat(loom.shutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(loom.status()).isEqualTo(LoomStatus.STOPPED);
        assertThatThrownBy(() -> loom.send(ActorRef.of("tally", "x"), new Add(1)))
                .isInstanceOf(LoomUnavailableException.class);
    }
}
