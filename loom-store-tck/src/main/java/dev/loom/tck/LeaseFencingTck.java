package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Lease;
import dev.loom.spi.NodeRecord;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Leases (acquire, renew, release, epochs), membership, and fencing of every write on the lease epoch. */
public abstract class LeaseFencingTck extends StoreTckBase {
    private static final Instant AFTER_EXPIRY = TckData.T0.plus(TTL).plusSeconds(1);

    @Test
    void acquireOfAFreePartitionSucceedsAndAnotherNodeCannotTakeItUnexpired() {
        Lease a = store.leases().acquire(3, NODE_A, TTL, TckData.T0).orElseThrow();

        assertThat(a.partition()).isEqualTo(3);
        assertThat(a.holder()).isEqualTo(NODE_A);
        assertThat(a.expiresAt()).isEqualTo(TckData.T0.plus(TTL));
        assertThat(store.leases().acquire(3, NODE_B, TTL, TckData.T0.plusSeconds(29))).isEmpty();
        assertThat(store.leases().all()).containsExactly(a);
    }

    @Test
    void takeoverAfterExpiryGivesALargerEpochAndFencesTheOldHolder() {
        ActorRef actor = data.actorIn(3, "x");
        Lease a = store.leases().acquire(3, NODE_A, TTL, TckData.T0).orElseThrow();
        commitApplied(data.turn(a, enqueueFor(actor), 1).build());

        Lease b = store.leases().acquire(3, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();
        assertThat(b.epoch()).isGreaterThan(a.epoch());
        assertThat(b.holder()).isEqualTo(NODE_B);

        StoredMessage m = enqueueFor(actor);
        WriteResult stale = commit(data.turn(a, m, 2).send(data.message(data.actor("sink"))).build());
        assertThat(stale).isEqualTo(new WriteResult.Fenced(3, a.epoch()));
        assertThat(store.journal().lastSeq(actor)).isEqualTo(1);
        assertThat(isQueued(3, m.seq())).isTrue();
        assertThat(queuedIds(data.actor("sink"))).isEmpty();

        commitApplied(data.turn(b, m, 2).build());
        assertThat(store.journal().lastSeq(actor)).isEqualTo(2);
    }

    @Test
    void everyKindOfWriteIsFencedOnAStaleEpochAndChangesNothing() {
        ActorRef actor = data.actorIn(4, "x");
        Lease old = store.leases().acquire(4, NODE_A, TTL, TckData.T0).orElseThrow();
        commitTurns(old, actor, 2);
        commitApplied(new Write.SnapshotTaken(4, old.epoch(), data.snapshot(actor, 1), false));
        StoredMessage m = enqueueFor(actor);
        store.timers().schedule(List.of(data.timer(actor, TckData.T0)));
        long timerId = store.timers().forActor(actor).get(0).timerId();
        Lease current = store.leases().acquire(4, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();
        long e = old.epoch();

        List<Write> stale = List.of(
                data.turn(old, m, 3).build(),
                new Write.StepRecorded(4, e, m.seq(), data.step(0, "s")),
                new Write.AttemptFailed(4, e, m.seq(), 1, TckData.T0, data.error("X"), TckData.T0),
                new Write.DeadLettered(4, e, m.seq(), data.deadLetter("dl-fenced", m, "X")),
                new Write.Acknowledged(4, e, m.seq()),
                new Write.FireTimer(4, e, timerId, data.message(actor), null),
                new Write.SnapshotTaken(4, e, data.snapshot(actor, 2), true),
                new Write.Trim(4, e, actor, 1));

        List<WriteResult> results = store.commit(stale);

        assertThat(results).hasSize(stale.size()).containsOnly(new WriteResult.Fenced(4, e));
        assertThat(queued(4, m.seq())).isEqualTo(m);
        assertThat(store.journal().lastSeq(actor)).isEqualTo(2);
        assertThat(store.journal().firstSeq(actor)).isEqualTo(1);
        assertThat(store.snapshots().latest(actor).orElseThrow().seq()).isEqualTo(1);
        assertThat(store.deadLetters().get("dl-fenced")).isEmpty();
        assertThat(store.timers().forActor(actor)).extracting(t -> t.timerId()).containsExactly(timerId);
        assertThat(queuedIds(actor)).containsExactly(m.envelope().messageId());
        assertThat(current.epoch()).isGreaterThan(e);
    }

    @Test
    void writesToANeverLeasedPartitionAreFenced() {
        ActorRef actor = data.actorIn(6, "x");
        StoredMessage m = enqueueFor(actor);

        assertThat(commit(new Write.Acknowledged(6, 1, m.seq()))).isEqualTo(new WriteResult.Fenced(6, 1));
        assertThat(commit(new Write.Acknowledged(6, 0, m.seq()))).isEqualTo(new WriteResult.Fenced(6, 0));
        assertThat(isQueued(6, m.seq())).isTrue();
    }

    @Test
    void renewKeepsTheEpochAndExtendsTheLease() {
        Lease a = store.leases().acquire(1, NODE_A, TTL, TckData.T0).orElseThrow();

        Lease renewed = store.leases().renew(a, TTL, TckData.T0.plusSeconds(10)).orElseThrow();

        assertThat(renewed).isEqualTo(new Lease(1, NODE_A, a.epoch(), TckData.T0.plusSeconds(10).plus(TTL)));
        assertThat(store.leases().acquire(1, NODE_B, TTL, AFTER_EXPIRY)).as("renewed lease not yet expired").isEmpty();
        ActorRef actor = data.actorIn(1, "x");
        commitApplied(data.turn(renewed, enqueueFor(actor), 1).build());
    }

    @Test
    void renewOfAnExpiredButUntakenLeaseSucceeds() {
        Lease a = store.leases().acquire(1, NODE_A, TTL, TckData.T0).orElseThrow();

        Optional<Lease> renewed = store.leases().renew(a, TTL, AFTER_EXPIRY);

        assertThat(renewed).contains(new Lease(1, NODE_A, a.epoch(), AFTER_EXPIRY.plus(TTL)));
    }

    @Test
    void renewAllRenewsCurrentLeasesAndReportsLostOnesInOrder() {
        Lease a1 = store.leases().acquire(1, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease a2 = store.leases().acquire(2, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease a3 = store.leases().acquire(3, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease b2 = store.leases().acquire(2, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();
        Instant at = AFTER_EXPIRY.plusSeconds(1);

        List<Optional<Lease>> renewed = store.leases().renewAll(List.of(a3, a2, a1), TTL, at);

        assertThat(renewed).containsExactly(Optional.of(new Lease(3, NODE_A, a3.epoch(), at.plus(TTL))), Optional.empty(),
                Optional.of(new Lease(1, NODE_A, a1.epoch(), at.plus(TTL))));
        assertThat(store.leases().all()).contains(b2);
        assertThat(store.leases().renewAll(List.of(), TTL, at)).isEmpty();
    }

    @Test
    void renewAfterTakeoverFails() {
        Lease a = store.leases().acquire(1, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease b = store.leases().acquire(1, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();

        assertThat(store.leases().renew(a, TTL, AFTER_EXPIRY.plusSeconds(1))).isEmpty();
        assertThat(store.leases().all()).containsExactly(b);
    }

    @Test
    void acquireBySameNodeGivesANewEpochAndFencesItsEarlierIncarnation() {
        ActorRef actor = data.actorIn(2, "x");
        Lease first = store.leases().acquire(2, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease second = store.leases().acquire(2, NODE_A, TTL, TckData.T0.plusSeconds(1)).orElseThrow();

        assertThat(second.epoch()).isGreaterThan(first.epoch());
        StoredMessage m = enqueueFor(actor);
        assertThat(commit(data.turn(first, m, 1).build())).isEqualTo(new WriteResult.Fenced(2, first.epoch()));
        assertThat(store.leases().renew(first, TTL, TckData.T0.plusSeconds(2))).isEmpty();
        commitApplied(data.turn(second, m, 1).build());
    }

    @Test
    void releaseLetsAnotherNodeAcquireAtOnceWithALargerEpoch() {
        Lease a = store.leases().acquire(5, NODE_A, TTL, TckData.T0).orElseThrow();

        store.leases().release(a);
        Lease b = store.leases().acquire(5, NODE_B, TTL, TckData.T0.plusSeconds(1)).orElseThrow();

        assertThat(b.epoch()).isGreaterThan(a.epoch());
        assertThat(store.leases().all()).containsExactly(b);
        StoredMessage m = enqueueFor(data.actorIn(5, "x"));
        assertThat(commit(new Write.Acknowledged(5, a.epoch(), m.seq()))).isInstanceOf(WriteResult.Fenced.class);
    }

    @Test
    void releaseOfALostLeaseDoesNotFreeTheCurrentOne() {
        Lease a = store.leases().acquire(5, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease b = store.leases().acquire(5, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();

        store.leases().release(a);

        assertThat(store.leases().acquire(5, "node-c", TTL, AFTER_EXPIRY.plusSeconds(1))).isEmpty();
        assertThat(store.leases().all()).containsExactly(b);
    }

    @Test
    void epochsOnlyGrowAcrossManyTakeovers() {
        long last = 0;
        Instant now = TckData.T0;
        for (int i = 0; i < 10; i++) {
            String node = i % 3 == 0 ? NODE_A : i % 3 == 1 ? NODE_B : NODE_A;
            now = now.plus(TTL).plusSeconds(1);
            Lease l = store.leases().acquire(0, node, TTL, now).orElseThrow();
            assertThat(l.epoch()).isGreaterThan(last);
            last = l.epoch();
        }
    }

    @Test
    void allListsEveryLeaseByPartition() {
        Lease l6 = store.leases().acquire(6, NODE_A, TTL, TckData.T0).orElseThrow();
        Lease l1 = store.leases().acquire(1, NODE_B, TTL, TckData.T0).orElseThrow();
        Lease l3 = store.leases().acquire(3, NODE_A, Duration.ofSeconds(1), TckData.T0).orElseThrow();

        assertThat(store.leases().all()).containsExactly(l1, l3, l6);
    }

    @Test
    void membersAreThoseWithAnUnexpiredHeartbeatUntilTheyLeave() {
        store.leases().heartbeat(NODE_B, Duration.ofSeconds(10), TckData.T0);
        store.leases().heartbeat(NODE_A, Duration.ofSeconds(20), TckData.T0);

        assertThat(store.leases().members(TckData.T0.plusSeconds(5))).containsExactly(
                new NodeRecord(NODE_A, TckData.T0.plusSeconds(20)), new NodeRecord(NODE_B, TckData.T0.plusSeconds(10)));
        assertThat(store.leases().members(TckData.T0.plusSeconds(15))).extracting(NodeRecord::nodeId)
                .containsExactly(NODE_A);

        store.leases().heartbeat(NODE_B, Duration.ofSeconds(10), TckData.T0.plusSeconds(12));
        assertThat(store.leases().members(TckData.T0.plusSeconds(15))).extracting(NodeRecord::nodeId)
                .containsExactly(NODE_A, NODE_B);

        store.leases().leave(NODE_A);
        assertThat(store.leases().members(TckData.T0.plusSeconds(15))).extracting(NodeRecord::nodeId)
                .containsExactly(NODE_B);
    }

    /**
     * Two threads commit to one partition at once, one with the old epoch and one with the new. Once the
     * takeover's acquire has returned, no write of the old epoch applies; every write of the new one does.
     */
    @Test
    void concurrentWritersWithDifferentEpochsOnlyTheCurrentEpochCommits() throws Exception {
        int partition = 7;
        ActorRef oldActor = data.actorIn(partition, "old");
        ActorRef newActor = data.actorIn(partition, "new");
        Lease oldLease = store.leases().acquire(partition, NODE_A, TTL, TckData.T0).orElseThrow();
        AtomicBoolean takenOver = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger oldApplied = new AtomicInteger();
        AtomicInteger oldAppliedAfterTakeover = new AtomicInteger();
        AtomicInteger oldFencedAfterTakeover = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch oldWriterWarm = new CountDownLatch(20);

        Thread oldWriter = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    boolean afterTakeover = takenOver.get();
                    StoredMessage m = enqueueFor(oldActor);
                    WriteResult r = commit(data.turn(oldLease, m, oldApplied.get() + 1).build());
                    if (r instanceof WriteResult.Applied) {
                        oldApplied.incrementAndGet();
                        if (afterTakeover) {
                            oldAppliedAfterTakeover.incrementAndGet();
                        }
                    } else if (r instanceof WriteResult.Fenced && afterTakeover) {
                        oldFencedAfterTakeover.incrementAndGet();
                    } else if (!(r instanceof WriteResult.Fenced)) {
                        throw new AssertionError("unexpected result for the old holder: " + r);
                    }
                    oldWriterWarm.countDown();
                }
            } catch (Throwable t) {
                failure.set(t);
                oldWriterWarm.countDown();
            }
        });
        assertThat(oldWriterWarm.await(60, TimeUnit.SECONDS)).as("old writer made progress").isTrue();
        Lease newLease = store.leases().acquire(partition, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();
        takenOver.set(true);

        List<WriteResult> newResults = new ArrayList<>();
        for (long seq = 1; seq <= 50; seq++) {
            newResults.add(commit(data.turn(newLease, enqueueFor(newActor), seq).build()));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> oldAppliedAfterTakeover.get() + oldFencedAfterTakeover.get() >= 20 || failure.get() != null);
        stop.set(true);
        oldWriter.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(failure.get()).as("old writer failure").isNull();
        assertThat(newLease.epoch()).isGreaterThan(oldLease.epoch());
        assertThat(oldAppliedAfterTakeover.get()).as("old-epoch writes applied after the takeover").isZero();
        assertThat(newResults).as("new-epoch writes").containsOnly(WriteResult.APPLIED);
        assertThat(store.journal().lastSeq(oldActor)).isEqualTo(oldApplied.get());
        assertThat(store.journal().lastSeq(newActor)).isEqualTo(50);
        assertThat(store.journal().read(oldActor, 1, 100_000)).hasSize(oldApplied.get());
    }

    /**
     * Two handles on the same data (two processes on one file, two nodes on one server): a takeover through
     * the second fences the first handle's holder, and what the second commits is read through the first. A
     * store that caches lease epochs or journal heads per handle must notice the other handle's writes.
     */
    @Test
    void aTakeoverThroughAnotherHandleFencesTheFirstHandlesHolder() {
        assumeCapability(TckCapability.SHARED_HANDLES, "needs a second store over the same data, open at once");
        ActorRef actor = data.actorIn(5, "shared");
        Lease a = store.leases().acquire(5, NODE_A, TTL, TckData.T0).orElseThrow();
        commitApplied(data.turn(a, enqueueFor(actor), 1).build());
        StoredMessage m = enqueueFor(actor);
        try (Store other = openShared(store)) {
            Lease b = other.leases().acquire(5, NODE_B, TTL, AFTER_EXPIRY).orElseThrow();
            assertThat(b.epoch()).as("epoch of the takeover through the other handle").isGreaterThan(a.epoch());

            assertThat(commit(data.turn(a, m, 2).build())).as("stale holder's commit through the first handle")
                    .isEqualTo(new WriteResult.Fenced(5, a.epoch()));
            assertThat(other.commit(List.of(data.turn(b, m, 2).build()))).containsExactly(WriteResult.APPLIED);
        }
        assertThat(store.journal().lastSeq(actor)).as("journal head through the first handle").isEqualTo(2);
        assertThat(isQueued(5, m.seq())).as("message handled through the other handle").isFalse();
        assertThat(store.leases().all()).extracting(Lease::holder).containsExactly(NODE_B);
    }
}
