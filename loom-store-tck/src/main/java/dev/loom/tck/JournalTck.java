package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The journal: contiguous seqs, turns rejected whole on a seq conflict, paging, lastSeq/firstSeq, actorIds. */
public abstract class JournalTck extends StoreTckBase {

    @Test
    void turnsAppendEntriesWithContiguousSeqsAndExactFields() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 5);

        List<JournalEntry> entries = store.journal().read(a, 1, 100);
        assertThat(entries).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.journal().lastSeq(a)).isEqualTo(5);
        assertThat(store.journal().firstSeq(a)).isEqualTo(1);

        StoredMessage m = enqueueFor(a);
        Write.TurnCommit turn = data.turn(lease, m, 6).build();
        commitApplied(turn);
        assertThat(store.journal().read(a, 6, 1)).as("stored entry equals the committed one")
                .containsExactly(turn.entry());
    }

    @Test
    void unknownActorHasNoEntriesAndZeroSeqs() {
        ActorRef nobody = data.actor("nobody");
        assertThat(store.journal().read(nobody, 1, 10)).isEmpty();
        assertThat(store.journal().lastSeq(nobody)).isZero();
        assertThat(store.journal().firstSeq(nobody)).isZero();
    }

    @Test
    void turnWithDuplicateSeqIsRejectedAndLeavesNoTrace() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 1);
        assertRejectedWithoutTrace(lease, a, 1);
    }

    @Test
    void turnWithSeqGapIsRejectedAndLeavesNoTrace() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        assertRejectedWithoutTrace(lease, a, 2);
        commitTurns(lease, a, 2);
        assertRejectedWithoutTrace(lease, a, 4);
    }

    @Test
    void turnForMessageNoLongerQueuedIsRejected() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        commitApplied(data.turn(lease, m, 1).build());

        WriteResult again = commit(data.turn(lease, m, 2).send(data.message(data.actor("bob"))).build());

        assertThat(again).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.journal().lastSeq(a)).isEqualTo(1);
        assertThat(queuedIds(data.actor("bob"))).isEmpty();
    }

    @Test
    void readPagesByFromSeqAndLimit() {
        ActorRef a = data.actor("alice");
        commitTurns(leaseFor(a), a, 7);

        assertThat(store.journal().read(a, 1, 3)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.journal().read(a, 4, 3)).extracting(JournalEntry::seq).containsExactly(4L, 5L, 6L);
        assertThat(store.journal().read(a, 7, 3)).extracting(JournalEntry::seq).containsExactly(7L);
        assertThat(store.journal().read(a, 8, 3)).isEmpty();
        assertThat(store.journal().read(a, 0, 100)).extracting(JournalEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
    }

    @Test
    void journalsOfActorsAreIndependent() {
        ActorRef a = data.actor("alice");
        ActorRef b = data.actor("bob");
        commitTurns(leaseFor(a), a, 3);
        commitTurns(leaseFor(b), b, 2);

        assertThat(store.journal().lastSeq(a)).isEqualTo(3);
        assertThat(store.journal().lastSeq(b)).isEqualTo(2);
        assertThat(store.journal().read(b, 1, 10)).allSatisfy(e -> assertThat(e.actor()).isEqualTo(b));
    }

    @Test
    void actorIdsListsActorsWithJournalAscendingWithCursorAndLimit() {
        for (String id : List.of("carol", "alice", "dave", "bob")) {
            ActorRef actor = data.actor(id);
            commitTurns(leaseFor(actor), actor, 1);
        }
        ActorRef otherType = ActorRef.of("tck.other", "aaron");
        commitTurns(leaseFor(otherType), otherType, 1);
        enqueueFor(data.actor("queued-only"));

        assertThat(store.journal().actorIds(TckData.TYPE, null, 100)).containsExactly("alice", "bob", "carol", "dave");
        assertThat(store.journal().actorIds(TckData.TYPE, null, 2)).containsExactly("alice", "bob");
        assertThat(store.journal().actorIds(TckData.TYPE, "bob", 2)).containsExactly("carol", "dave");
        assertThat(store.journal().actorIds(TckData.TYPE, "dave", 2)).isEmpty();
        assertThat(store.journal().actorIds("tck.other", null, 10)).containsExactly("aaron");
        assertThat(store.journal().actorIds("tck.none", null, 10)).isEmpty();
    }

    @Test
    void actorIdsStartingWithListsOnlyTheIdsWithThePrefixWithCursorAndLimit() {
        for (String id : List.of("ord-1", "order-2", "ord-3", "Ord-4", "ora", "ord", "p-1", "orc-9")) {
            ActorRef actor = data.actor(id);
            commitTurns(leaseFor(actor), actor, 1);
        }
        ActorRef more = data.actor("ord-snap");
        commitTurns(leaseFor(more), more, 1);
        ActorRef otherType = ActorRef.of("tck.other", "ord-x");
        commitTurns(leaseFor(otherType), otherType, 1);

        JournalStore j = store.journal();
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ord", null, 100))
                .containsExactly("ord", "ord-1", "ord-3", "ord-snap", "order-2");
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ord-", null, 2)).containsExactly("ord-1", "ord-3");
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ord-", "ord-3", 2)).containsExactly("ord-snap");
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ord-", "ord-snap", 2)).isEmpty();
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ord", "a", 1)).as("a cursor before the range")
                .containsExactly("ord");
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "ORD", null, 10)).as("case sensitive").isEmpty();
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "o%", null, 10)).as("no wildcards").isEmpty();
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "", null, 100)).as("the empty prefix lists all")
                .isEqualTo(j.actorIds(TckData.TYPE, null, 100));
        assertThat(j.actorIdsStartingWith("tck.other", "ord", null, 10)).containsExactly("ord-x");
        assertThat(j.actorIdsStartingWith(TckData.TYPE, "zz", null, 10)).isEmpty();
    }

    /**
     * A turn at {@code badSeq} carrying every kind of effect is rejected, and none of its effects is
     * visible: no journal entry, the message still queued, no sends, no timers, no idempotency record.
     */
    private void assertRejectedWithoutTrace(Lease lease, ActorRef a, long badSeq) {
        long lastBefore = store.journal().lastSeq(a);
        List<JournalEntry> entriesBefore = store.journal().read(a, 1, 1000);
        StoredMessage m = enqueueFor(a);
        ActorRef sink = data.actor("sink-" + badSeq);
        Write.TurnCommit bad = data.turn(lease, m, badSeq)
                .send(data.message(sink))
                .timer(data.timer(sink, TckData.T0.plusSeconds(60)))
                .idempotency("key-" + badSeq, "\"ok\"", TckData.T0.plus(Duration.ofDays(1)))
                .snapshot(true)
                .build();

        assertThat(commit(bad)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(((WriteResult.Rejected) commit(bad)).reason()).as("rejection reason").isNotBlank();

        assertThat(store.journal().lastSeq(a)).isEqualTo(lastBefore);
        assertThat(store.journal().read(a, 1, 1000)).isEqualTo(entriesBefore);
        assertThat(isQueued(m.envelope().partition(), m.seq())).as("handled message still queued").isTrue();
        assertThat(queuedIds(sink)).as("sends of the rejected turn").isEmpty();
        assertThat(store.timers().forActor(sink)).as("timers of the rejected turn").isEmpty();
        assertThat(store.idempotency().find(a, "key-" + badSeq, TckData.T0)).isEmpty();
        assertThat(store.snapshots().latest(a)).as("snapshot of the rejected turn").isEmpty();
    }
}
