package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import org.junit.jupiter.api.Test;

/** Snapshots and journal trimming: trimming never passes the latest snapshot; lastSeq survives trimming. */
public abstract class SnapshotTrimTck extends StoreTckBase {

    @Test
    void latestAndAtOrBeforeFindTheRightSnapshot() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 5);
        Snapshot s2 = data.snapshot(a, 2);
        Snapshot s4 = data.snapshot(a, 4);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), s2, false));
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), s4, false));

        assertThat(store.snapshots().latest(a)).contains(s4);
        assertThat(store.snapshots().atOrBefore(a, 1)).isEmpty();
        assertThat(store.snapshots().atOrBefore(a, 2)).contains(s2);
        assertThat(store.snapshots().atOrBefore(a, 3)).contains(s2);
        assertThat(store.snapshots().atOrBefore(a, 100)).contains(s4);
        assertThat(store.snapshots().latest(data.actor("nobody"))).isEmpty();
        assertThat(store.journal().firstSeq(a)).as("snapshots without trim keep the journal").isEqualTo(1);
    }

    @Test
    void trimBeyondTheLatestSnapshotIsRejectedAndDeletesNothing() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 5);

        assertThat(commit(new Write.Trim(lease.partition(), lease.epoch(), a, 1)))
                .as("trim without any snapshot").isInstanceOf(WriteResult.Rejected.class);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 3), false));
        assertThat(commit(new Write.Trim(lease.partition(), lease.epoch(), a, 4)))
                .as("trim past the snapshot").isInstanceOf(WriteResult.Rejected.class);

        assertThat(store.journal().firstSeq(a)).isEqualTo(1);
        assertThat(store.journal().read(a, 1, 100)).hasSize(5);
    }

    @Test
    void trimUpToTheSnapshotDeletesEntriesAtOrBelowIt() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 5);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 3), false));

        commitApplied(new Write.Trim(lease.partition(), lease.epoch(), a, 3));

        assertThat(store.journal().firstSeq(a)).isEqualTo(4);
        assertThat(store.journal().lastSeq(a)).isEqualTo(5);
        assertThat(store.journal().read(a, 1, 100)).extracting(JournalEntry::seq).containsExactly(4L, 5L);
        assertThat(store.snapshots().latest(a).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void snapshotTakenWithTrimDeletesEntriesAndOlderSnapshots() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 5);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 2), false));

        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 4), true));

        assertThat(store.snapshots().atOrBefore(a, 3)).as("older snapshot deleted").isEmpty();
        assertThat(store.snapshots().latest(a)).contains(data.snapshot(a, 4));
        assertThat(store.journal().read(a, 1, 100)).extracting(JournalEntry::seq).containsExactly(5L);
        assertThat(store.journal().firstSeq(a)).isEqualTo(5);
    }

    @Test
    void snapshotBeyondTheLastJournalSeqIsRejected() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 2);

        assertThat(commit(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 3), true)))
                .isInstanceOf(WriteResult.Rejected.class);

        assertThat(store.snapshots().latest(a)).isEmpty();
        assertThat(store.journal().firstSeq(a)).isEqualTo(1);
    }

    @Test
    void turnCommitWithSnapshotAndTrimStoresItAndTrims() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 3);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 1), false));

        commitApplied(data.turn(lease, enqueueFor(a), 4).snapshot(true).build());

        assertThat(store.snapshots().latest(a)).contains(data.snapshot(a, 4));
        assertThat(store.snapshots().atOrBefore(a, 3)).isEmpty();
        assertThat(store.journal().read(a, 1, 100)).isEmpty();
        assertThat(store.journal().firstSeq(a)).isZero();
        assertThat(store.journal().lastSeq(a)).isEqualTo(4);
    }

    @Test
    void turnCommitWithSnapshotWithoutTrimKeepsTheJournal() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 2);

        commitApplied(data.turn(lease, enqueueFor(a), 3).snapshot(false).build());

        assertThat(store.snapshots().latest(a)).contains(data.snapshot(a, 3));
        assertThat(store.journal().read(a, 1, 100)).hasSize(3);
    }

    @Test
    void lastSeqSurvivesTrimmingEveryEntryAndTheNextTurnContinuesFromIt() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 3);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 3), true));

        assertThat(store.journal().firstSeq(a)).isZero();
        assertThat(store.journal().lastSeq(a)).isEqualTo(3);
        assertThat(commit(data.turn(lease, enqueueFor(a), 1).build())).as("seq 1 again after trimming")
                .isInstanceOf(WriteResult.Rejected.class);
        commitApplied(data.turn(lease, enqueueFor(a), 4).build());
        assertThat(store.journal().read(a, 1, 100)).extracting(JournalEntry::seq).containsExactly(4L);
        assertThat(store.journal().actorIds(TckData.TYPE, null, 10)).containsExactly("alice");
    }

    @Test
    void actorIdsIncludesActorsWhoseJournalIsTrimmedAway() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitTurns(lease, a, 2);
        commitApplied(new Write.SnapshotTaken(lease.partition(), lease.epoch(), data.snapshot(a, 2), true));

        assertThat(store.journal().read(a, 1, 10)).isEmpty();
        assertThat(store.journal().actorIds(TckData.TYPE, null, 10)).containsExactly("alice");
    }
}
