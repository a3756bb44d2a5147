package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * All-or-nothing: a batch applies exactly its valid writes, each whole; a turn's effects appear together.
 * For durable stores: committed data survives close and reopen, and a store closed before or during a
 * commit holds no partial turn afterwards. Also: a closed store refuses every call.
 */
public abstract class CrashAtomicityTck extends StoreTckBase {
    private static final Instant DAY = TckData.T0.plus(Duration.ofDays(1));

    @Test
    void aBatchMixingValidAndInvalidWritesAppliesExactlyTheValidOnesInOrder() {
        ActorRef a = data.actorIn(1, "a");
        ActorRef b = data.actorIn(1, "b");
        ActorRef c = data.actorIn(1, "c");
        ActorRef fenced = data.actorIn(2, "f");
        ActorRef sink = data.actorIn(3, "sink");
        Lease lease = lease(1);
        Lease stale = store.leases().acquire(2, NODE_A, TTL, TckData.T0).orElseThrow();
        store.leases().acquire(2, NODE_A, TTL, TckData.T0.plusSeconds(1)).orElseThrow();
        StoredMessage a1 = enqueueFor(a);
        StoredMessage a2 = enqueueFor(a);
        StoredMessage b1 = enqueueFor(b);
        StoredMessage c1 = enqueueFor(c);
        StoredMessage f1 = enqueueFor(fenced);

        List<WriteResult> results = store.commit(List.of(
                data.turn(lease, a1, 1).send(data.message(sink)).build(),
                data.turn(lease, b1, 5).send(data.message(sink)).idempotency("kb", "1", DAY).build(),
                new Write.Acknowledged(1, lease.epoch(), c1.seq()),
                new Write.Acknowledged(2, stale.epoch(), f1.seq()),
                new Write.Trim(1, lease.epoch(), a, 1),
                data.turn(lease, a2, 2).build(),
                data.turn(lease, c1, 1).send(data.message(sink)).build()));

        assertThat(results).hasSize(7);
        assertThat(results.get(0)).isEqualTo(WriteResult.APPLIED);
        assertThat(results.get(1)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(results.get(2)).isEqualTo(WriteResult.APPLIED);
        assertThat(results.get(3)).isEqualTo(new WriteResult.Fenced(2, stale.epoch()));
        assertThat(results.get(4)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(results.get(5)).as("a later write sees an earlier one's journal entry").isEqualTo(WriteResult.APPLIED);
        assertThat(results.get(6)).as("a later write sees an earlier one's ack").isInstanceOf(WriteResult.Rejected.class);

        assertThat(store.journal().read(a, 1, 10)).extracting(JournalEntry::seq).containsExactly(1L, 2L);
        assertThat(store.journal().lastSeq(b)).isZero();
        assertThat(store.journal().lastSeq(c)).isZero();
        assertThat(isQueued(1, b1.seq())).isTrue();
        assertThat(isQueued(1, c1.seq())).isFalse();
        assertThat(isQueued(2, f1.seq())).isTrue();
        assertThat(store.idempotency().find(b, "kb", TckData.T0)).isEmpty();
        assertThat(queuedIds(sink)).as("only the first turn's send").hasSize(1);
    }

    @Test
    void aTurnsEffectsAreAllVisibleAfterItsCommit() {
        ActorRef a = data.actorIn(1, "a");
        ActorRef sink1 = data.actorIn(4, "sink");
        ActorRef sink2 = data.actorIn(5, "sink");
        Lease lease = lease(1);
        store.timers().schedule(List.of(data.reminder(a, TckData.T0.plusSeconds(5), "old")));
        StoredMessage m = enqueueFor(a);
        Write.TurnCommit turn = data.turn(lease, m, 1)
                .send(data.message(sink1)).send(data.message(sink2)).send(data.message(sink1))
                .timer(data.timer(sink2, TckData.T0.plusSeconds(60)))
                .timer(data.reminder(a, TckData.T0.plusSeconds(60), "tick"))
                .cancelReminder("old")
                .idempotency("k", "\"reply\"", DAY)
                .snapshot(false)
                .build();

        commitApplied(turn);

        assertThat(store.journal().read(a, 1, 10)).containsExactly(turn.entry());
        assertThat(store.snapshots().latest(a)).contains(turn.snapshot());
        assertThat(isQueued(1, m.seq())).isFalse();
        assertThat(queuedIds(sink1)).containsExactly(turn.sends().get(0).messageId(), turn.sends().get(2).messageId());
        assertThat(store.messages().fetch(4, 0, 10)).extracting(StoredMessage::envelope)
                .containsExactly(turn.sends().get(0), turn.sends().get(2));
        assertThat(store.messages().fetch(5, 0, 10)).extracting(StoredMessage::envelope)
                .containsExactly(turn.sends().get(1));
        assertThat(store.timers().forActor(sink2)).extracting(Timer::envelope).containsExactly(turn.timers().get(0).envelope());
        assertThat(store.timers().forActor(a)).extracting(Timer::reminder).containsExactly(turn.timers().get(1).reminder());
        assertThat(store.idempotency().find(a, "k", TckData.T0)).contains(turn.idempotency());
    }

    @Test
    void pingAnswersWhileOpenAndEveryCallThrowsStoreExceptionAfterClose() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        store.ping();

        store.close();
        store.close();

        List<Executable> calls = List.of(
                store::ping,
                () -> store.commit(List.of(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq()))),
                () -> store.messages().enqueue(List.of(data.message(a))),
                () -> store.messages().fetch(0, 0, 10),
                () -> store.messages().forActor(a, 10),
                () -> store.messages().stats(),
                () -> store.timers().schedule(List.of(data.timer(a, TckData.T0))),
                () -> store.timers().due(List.of(0), TckData.T0, 10),
                () -> store.timers().forActor(a),
                () -> store.journal().read(a, 1, 10),
                () -> store.journal().lastSeq(a),
                () -> store.journal().firstSeq(a),
                () -> store.journal().actorIds(TckData.TYPE, null, 10),
                () -> store.snapshots().latest(a),
                () -> store.snapshots().atOrBefore(a, 1),
                () -> store.idempotency().find(a, "k", TckData.T0),
                () -> store.idempotency().purgeExpired(TckData.T0),
                () -> store.deadLetters().list(DeadLetterQuery.all(10)),
                () -> store.deadLetters().count(DeadLetterQuery.all(10)),
                () -> store.deadLetters().get("x"),
                () -> store.deadLetters().redrive(List.of("x")),
                () -> store.deadLetters().purge(List.of("x")),
                () -> store.leases().acquire(0, NODE_B, TTL, TckData.T0),
                () -> store.leases().renew(lease, TTL, TckData.T0),
                () -> store.leases().release(lease),
                () -> store.leases().all(),
                () -> store.leases().heartbeat(NODE_A, TTL, TckData.T0),
                () -> store.leases().leave(NODE_A),
                () -> store.leases().members(TckData.T0));
        for (int i = 0; i < calls.size(); i++) {
            assertThatThrownBy(calls.get(i)::execute).as("call #%d on a closed store", i)
                    .isInstanceOf(StoreException.class);
        }
    }

    @Test
    void committedDataSurvivesReopen() {
        assumeDurable();
        ActorRef a = data.actorIn(1, "a");
        ActorRef sink = data.actorIn(2, "sink");
        Lease lease = lease(1);
        commitTurns(lease, a, 3);
        Write.TurnCommit turn = data.turn(lease, enqueueFor(a), 4).snapshot(false)
                .send(data.message(sink)).timer(data.reminder(a, TckData.T0.plusSeconds(60), "tick"))
                .idempotency("k", "\"r\"", DAY).build();
        commitApplied(turn);
        StoredMessage failing = enqueueFor(a);
        commitApplied(new Write.StepRecorded(1, lease.epoch(), failing.seq(), data.step(0, "charge")));
        commitApplied(new Write.AttemptFailed(1, lease.epoch(), failing.seq(), 1, TckData.T0.plusSeconds(2),
                data.error("X"), TckData.T0.plusSeconds(1)));
        StoredMessage dead = enqueueFor(a);
        DeadLetter letter = data.deadLetter("dl-1", dead, "X");
        commitApplied(new Write.DeadLettered(1, lease.epoch(), dead.seq(), letter));
        store.leases().heartbeat(NODE_A, TTL, TckData.T0);
        List<JournalEntry> journal = store.journal().read(a, 1, 100);
        List<StoredMessage> inbox = store.messages().forActor(a, 100);
        List<StoredMessage> sinkInbox = store.messages().forActor(sink, 100);
        List<Timer> timers = store.timers().forActor(a);
        Snapshot snapshot = store.snapshots().latest(a).orElseThrow();
        IdempotencyRecord record = store.idempotency().find(a, "k", TckData.T0).orElseThrow();
        List<Lease> leases = store.leases().all();

        reopenStore();

        assertThat(store.partitions()).isEqualTo(PARTITIONS);
        assertThat(store.journal().read(a, 1, 100)).isEqualTo(journal);
        assertThat(store.journal().lastSeq(a)).isEqualTo(4);
        assertThat(store.messages().forActor(a, 100)).isEqualTo(inbox);
        assertThat(store.messages().forActor(sink, 100)).isEqualTo(sinkInbox);
        assertThat(store.timers().forActor(a)).isEqualTo(timers);
        assertThat(store.snapshots().latest(a)).contains(snapshot);
        assertThat(store.idempotency().find(a, "k", TckData.T0)).contains(record);
        assertThat(store.deadLetters().get("dl-1")).contains(letter);
        assertThat(store.leases().all()).isEqualTo(leases);
        assertThat(store.leases().members(TckData.T0)).extracting(n -> n.nodeId()).containsExactly(NODE_A);
        long newSeq = store.messages().enqueue(List.of(data.message(a))).get(0);
        assertThat(newSeq).as("seqs keep growing after reopen").isGreaterThan(inbox.get(inbox.size() - 1).seq());
        commitApplied(data.turn(lease, enqueueFor(a), 5).build());
        Lease again = store.leases().acquire(1, NODE_A, TTL, TckData.T0.plusSeconds(1)).orElseThrow();
        assertThat(again.epoch()).as("epochs keep growing after reopen").isGreaterThan(lease.epoch());
        assertThat(commit(new Write.Acknowledged(1, lease.epoch(), newSeq))).isInstanceOf(WriteResult.Fenced.class);
    }

    @Test
    void aTurnNeverCommittedLeavesNothingAfterReopen() {
        assumeDurable();
        ActorRef a = data.actorIn(1, "a");
        ActorRef sink = data.actorIn(2, "sink");
        Lease lease = lease(1);
        commitTurns(lease, a, 1);
        StoredMessage m = enqueueFor(a);
        Write.TurnCommit neverSubmitted = data.turn(lease, m, 2).send(data.message(sink))
                .idempotency("k", "1", DAY).build();

        reopenStore();

        assertThat(neverSubmitted.entry().seq()).isEqualTo(2);
        assertThat(store.journal().lastSeq(a)).isEqualTo(1);
        assertThat(queued(1, m.seq())).isEqualTo(m);
        assertThat(queuedIds(sink)).isEmpty();
        assertThat(store.idempotency().find(a, "k", TckData.T0)).isEmpty();
    }

    /**
     * A writer commits batches of turns while another thread closes the store. After reopening, every turn
     * is either wholly there (journal entry, sends, idempotency record, message gone) or not at all, and
     * every turn whose commit returned {@code Applied} is there.
     */
    @Test
    void closingDuringCommitsLeavesOnlyWholeTurns() throws Exception {
        assumeDurable();
        Lease lease = lease(3);
        List<Write.TurnCommit> attempted = new CopyOnWriteArrayList<>();
        List<Write.TurnCommit> applied = new CopyOnWriteArrayList<>();
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int batch = 0; batch < 10_000; batch++) {
                    List<Write> turns = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        ActorRef actor = data.actorIn(3, "crash-" + (batch * 10 + i));
                        ActorRef sink = data.actor("sink-" + actor.id());
                        Write.TurnCommit t = data.turn(lease, enqueueFor(actor), 1)
                                .send(data.message(sink)).send(data.message(sink))
                                .idempotency("k-" + actor.id(), "1", DAY).build();
                        turns.add(t);
                        attempted.add(t);
                    }
                    List<WriteResult> results = store.commit(turns);
                    for (int i = 0; i < turns.size(); i++) {
                        if (results.get(i).equals(WriteResult.APPLIED)) {
                            applied.add((Write.TurnCommit) turns.get(i));
                        }
                    }
                    commits.incrementAndGet();
                }
            } catch (StoreException expectedOnClose) {
                return;
            } catch (Throwable t) {
                unexpected.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> commits.get() >= 3 || unexpected.get() != null);
        store.close();
        writer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(writer.isAlive()).as("writer still running after close").isFalse();
        assertThat(unexpected.get()).as("writer failure other than StoreException").isNull();

        reopenStore();

        int present = 0;
        for (Write.TurnCommit t : attempted) {
            ActorRef actor = t.entry().actor();
            boolean journaled = store.journal().lastSeq(actor) == 1;
            boolean acked = !isQueued(3, t.messageSeq());
            int sends = queuedIds(data.actor("sink-" + actor.id())).size();
            boolean recorded = store.idempotency().find(actor, "k-" + actor.id(), TckData.T0).isPresent();
            assertThat(List.of(acked, sends == 2, recorded))
                    .as("turn of %s: [acked, sends, idempotency] all like its journal entry (%s); sends=%d",
                            actor, journaled, sends)
                    .containsOnly(journaled);
            if (journaled) {
                present++;
            }
        }
        assertThat(applied).allSatisfy(t -> assertThat(store.journal().lastSeq(t.entry().actor()))
                .as("applied turn of %s", t.entry().actor()).isEqualTo(1));
        assertThat(present).isGreaterThanOrEqualTo(applied.size());
    }
}
