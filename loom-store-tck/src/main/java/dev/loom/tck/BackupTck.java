package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.BackupStore;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import dev.loom.spi.BackupRefusedException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Backups ({@link BackupStore}): an export imported into an empty store reproduces every read answer;
 * imports into a non-empty store, with another partition count, or from a broken stream are refused and
 * leave the target as it was.
 */
public abstract class BackupTck extends StoreTckBase {
    private static final String OTHER_TYPE = "tck.ledger";

    private final List<ActorRef> actors = new ArrayList<>();
    private final List<StoreContents.KeyProbe> keys = new ArrayList<>();

    /** Fills {@link #store} with every kind of record a backup holds, in several shapes. */
    private void populate() {
        // Journal with a trimmed prefix: snapshot at 3 with trim, entries 4..5 remain.
        ActorRef trimmed = data.actorIn(0, "trimmed");
        Lease l0 = leaseFor(trimmed);
        commitTurns(l0, trimmed, 2);
        commitApplied(data.turn(l0, enqueueFor(trimmed), 3).snapshot(true).build());
        commitTurns(l0, trimmed, 2);
        // Several snapshots kept (no trim), and a reminder and a one-shot timer scheduled by a turn.
        ActorRef kept = data.actorIn(1, "kept");
        Lease l1 = leaseFor(kept);
        commitTurns(l1, kept, 1);
        commitApplied(data.turn(l1, enqueueFor(kept), 2).snapshot(false)
                .timer(data.reminder(kept, TckData.T0.plusSeconds(60), "tick"))
                .timer(data.timer(kept, TckData.T0.plusSeconds(30))).build());
        commitApplied(data.turn(l1, enqueueFor(kept), 3).snapshot(false).build());
        // Journal trimmed away entirely: only the snapshot at 2 tells the last seq.
        ActorRef onlySnapshot = data.actorIn(OTHER_TYPE, 2, "snap");
        Lease l2 = leaseFor(onlySnapshot);
        commitTurns(l2, onlySnapshot, 1);
        commitApplied(data.turn(l2, enqueueFor(onlySnapshot), 2).snapshot(true).build());
        // Idempotency records, one expiring soon, one late.
        ActorRef payer = data.actorIn(3, "payer");
        Lease l3 = leaseFor(payer);
        commitApplied(data.turn(l3, enqueue(data.message(payer, "pay-1", TckData.T0)), 1)
                .idempotency("pay-1", "{\"ok\":1}", TckData.T0.plusSeconds(3600)).build());
        commitApplied(data.turn(l3, enqueue(data.message(payer, "pay-2", TckData.T0)), 2)
                .idempotency("pay-2", "null", TckData.T0.plus(Duration.ofDays(2))).build());
        keys.add(new StoreContents.KeyProbe(payer, "pay-1",
                List.of(TckData.T0, TckData.T0.plusSeconds(3599), TckData.T0.plusSeconds(7200))));
        keys.add(new StoreContents.KeyProbe(payer, "pay-2", List.of(TckData.T0, TckData.T0.plus(Duration.ofDays(3)))));
        keys.add(new StoreContents.KeyProbe(payer, "pay-unknown", List.of(TckData.T0)));
        // A dead letter with recorded steps.
        ActorRef failing = data.actorIn(4, "failing");
        Lease l4 = leaseFor(failing);
        StoredMessage doomed = enqueueFor(failing);
        commitApplied(new Write.StepRecorded(l4.partition(), l4.epoch(), doomed.seq(), data.step(0, "charge")));
        commitApplied(new Write.StepRecorded(l4.partition(), l4.epoch(), doomed.seq(), data.step(1, "notify")));
        commitApplied(new Write.DeadLettered(l4.partition(), l4.epoch(), doomed.seq(),
                data.deadLetter("dl-1", queued(l4.partition(), doomed.seq()), "java.io.IOException")));
        // A queued message being retried, with attempts, an error and a step; and a fresh one behind it.
        StoredMessage retried = enqueueFor(failing);
        commitApplied(new Write.StepRecorded(l4.partition(), l4.epoch(), retried.seq(), data.step(0, "charge")));
        commitApplied(new Write.AttemptFailed(l4.partition(), l4.epoch(), retried.seq(), 2,
                TckData.T0.plusSeconds(20), data.error("java.lang.IllegalStateException"), TckData.T0.plusSeconds(10)));
        enqueueFor(failing);
        // A message and a reminder for an actor with no journal at all.
        ActorRef idle = data.actorIn(5, "idle");
        enqueueFor(idle);
        store.timers().schedule(List.of(data.reminder(idle, TckData.T0.plusSeconds(5), "wake")));
        actors.addAll(List.of(trimmed, kept, onlySnapshot, payer, failing, idle));
    }

    private StoreContents contents(Store s) {
        return StoreContents.of(s, actors, keys, List.of(TckData.TYPE, OTHER_TYPE));
    }

    private static List<BackupRecord> export(Store s) {
        List<BackupRecord> records = new ArrayList<>();
        s.backup().export(records::add);
        return records;
    }

    @Test
    void exportStartsWithAHeaderThatAnnouncesExactlyTheRecordsThatFollow() {
        populate();
        List<BackupRecord> records = new ArrayList<>();
        Instant before = Instant.now();

        BackupCounts returned = store.backup().export(records::add);

        BackupRecord.Header header = (BackupRecord.Header) records.get(0);
        assertThat(header.store()).isEqualTo(store.name());
        assertThat(header.partitions()).isEqualTo(PARTITIONS);
        assertThat(header.version()).isEqualTo(BackupStore.FORMAT_VERSION);
        assertThat(header.takenAt()).isAfterOrEqualTo(before.minusSeconds(1));
        BackupCounts counted = BackupCounts.ZERO;
        for (BackupRecord r : records.subList(1, records.size())) {
            assertThat(r).isNotInstanceOf(BackupRecord.Header.class);
            counted = counted.plus(r);
        }
        // trimmed: 1 snapshot + 2 entries; kept: 2 snapshots + 3 entries; onlySnapshot: 1 snapshot; payer: 2 entries.
        assertThat(counted).isEqualTo(new BackupCounts(4, 7, 3, 3, 2, 1));
        assertThat(header.counts()).isEqualTo(counted);
        assertThat(returned).isEqualTo(counted);
    }

    @Test
    void importIntoAnEmptyStoreReproducesEveryReadAnswer() {
        populate();
        StoreContents before = contents(store);
        List<BackupRecord> records = export(store);

        try (Store target = freshStore(PARTITIONS)) {
            BackupCounts imported = target.backup().importFrom(records.iterator());

            assertThat(imported).isEqualTo(((BackupRecord.Header) records.get(0)).counts());
            assertThat(contents(target)).isEqualTo(before);
            assertThat(target.leases().all()).as("leases are not part of a backup").isEmpty();
            assertThat(export(target).subList(1, records.size())).isEqualTo(records.subList(1, records.size()));
        }
    }

    @Test
    void anImportedStoreGoesOnFromTheImportedSeqsAndIds() {
        populate();
        List<BackupRecord> records = export(store);
        long maxSeq = records.stream().filter(r -> r instanceof BackupRecord.MessageItem)
                .mapToLong(r -> ((BackupRecord.MessageItem) r).message().seq()).max().orElseThrow();
        long maxTimer = records.stream().filter(r -> r instanceof BackupRecord.TimerItem)
                .mapToLong(r -> ((BackupRecord.TimerItem) r).timer().timerId()).max().orElseThrow();

        try (Store target = freshStore(PARTITIONS)) {
            target.backup().importFrom(records.iterator());
            ActorRef trimmed = actors.get(0);
            ActorRef onlySnapshot = actors.get(2);

            long seq = target.messages().enqueue(List.of(data.message(trimmed))).get(0);
            assertThat(seq).isGreaterThan(maxSeq);
            target.timers().schedule(List.of(data.timer(trimmed, TckData.T0.plusSeconds(1))));
            assertThat(target.timers().forActor(trimmed)).extracting(Timer::timerId).allMatch(id -> id > maxTimer);

            Lease lease = target.leases().acquire(data.partitionOf(trimmed), NODE_A, TTL, TckData.T0).orElseThrow();
            StoredMessage next = target.messages().fetch(lease.partition(), seq - 1, 1).get(0);
            assertThat(target.commit(List.of(data.turn(lease, next, 5).build())).get(0))
                    .as("seq 5 is taken after import").isInstanceOf(WriteResult.Rejected.class);
            assertThat(target.commit(List.of(data.turn(lease, next, 6).build())).get(0)).isEqualTo(WriteResult.APPLIED);

            Lease l2 = target.leases().acquire(data.partitionOf(onlySnapshot), NODE_A, TTL, TckData.T0).orElseThrow();
            long s2 = target.messages().enqueue(List.of(data.message(onlySnapshot))).get(0);
            StoredMessage m2 = target.messages().fetch(l2.partition(), s2 - 1, 1).get(0);
            assertThat(target.commit(List.of(data.turn(l2, m2, 3).build())).get(0))
                    .as("the last seq of a fully trimmed journal comes from its snapshot").isEqualTo(WriteResult.APPLIED);
        }
    }

    /** A store may cache journal heads it read before the import; they must not outlive it. */
    @Test
    void journalHeadsReadBeforeTheImportDoNotOutliveIt() {
        populate();
        List<BackupRecord> records = export(store);
        ActorRef trimmed = actors.get(0);
        try (Store target = freshStore(PARTITIONS)) {
            Lease lease = target.leases().acquire(data.partitionOf(trimmed), NODE_A, TTL, TckData.T0).orElseThrow();
            StoredMessage phantom = new StoredMessage(999_999, data.message(trimmed), dev.loom.spi.Delivery.fresh());
            assertThat(target.commit(List.of(data.turn(lease, phantom, 2).build())).get(0))
                    .as("seq 2 does not follow an empty journal").isInstanceOf(WriteResult.Rejected.class);

            target.backup().importFrom(records.iterator());
            long seq = target.messages().enqueue(List.of(data.message(trimmed))).get(0);
            StoredMessage next = target.messages().fetch(lease.partition(), seq - 1, 1).get(0);
            assertThat(target.commit(List.of(data.turn(lease, next, 1).build())).get(0))
                    .as("seq 1 is taken by the imported journal").isInstanceOf(WriteResult.Rejected.class);
            assertThat(target.commit(List.of(data.turn(lease, next, 6).build())).get(0)).isEqualTo(WriteResult.APPLIED);
        }
    }

    @Test
    void importIntoANonEmptyStoreIsRefusedAndChangesNothing() {
        populate();
        List<BackupRecord> records = export(store);

        try (Store target = freshStore(PARTITIONS)) {
            ActorRef resident = data.actor("resident");
            target.messages().enqueue(List.of(data.message(resident)));
            List<BackupRecord> beforeImport = export(target);

            assertThatThrownBy(() -> target.backup().importFrom(records.iterator()))
                    .isInstanceOf(BackupRefusedException.class).hasMessageContaining("not empty")
                    .hasMessageContaining("1 queued messages");

            assertThat(export(target).subList(1, beforeImport.size())).isEqualTo(beforeImport.subList(1, beforeImport.size()));
            assertThat(target.journal().lastSeq(actors.get(0))).isZero();
        }
        assertThatThrownBy(() -> store.backup().importFrom(records.iterator()))
                .as("a store cannot import its own backup over itself").isInstanceOf(BackupRefusedException.class)
                .hasMessageContaining("not empty");
    }

    @Test
    void importWithAnotherPartitionCountIsRefused() {
        populate();
        List<BackupRecord> records = export(store);

        try (Store target = freshStore(PARTITIONS * 2)) {
            assertThatThrownBy(() -> target.backup().importFrom(records.iterator()))
                    .isInstanceOf(BackupRefusedException.class)
                    .hasMessageContaining(PARTITIONS + " partitions")
                    .hasMessageContaining(PARTITIONS * 2 + "");
            assertThat(((BackupRecord.Header) export(target).get(0)).counts()).isEqualTo(BackupCounts.ZERO);
        }
    }

    @Test
    void anIncompleteOrFailingStreamImportsNothing() {
        populate();
        List<BackupRecord> records = export(store);
        StoreContents expected = contents(store);

        try (Store target = freshStore(PARTITIONS)) {
            List<BackupRecord> truncated = records.subList(0, records.size() - 3);
            assertThatThrownBy(() -> target.backup().importFrom(truncated.iterator()))
                    .isInstanceOf(BackupRefusedException.class).hasMessageContaining("announced");
            assertEmpty(target);

            IllegalStateException corrupt = new IllegalStateException("line 9: not valid JSON");
            assertThatThrownBy(() -> target.backup().importFrom(failingAfter(records, records.size() / 2, corrupt)))
                    .isSameAs(corrupt);
            assertEmpty(target);

            List<BackupRecord> duplicated = new ArrayList<>(records);
            duplicated.add(duplicated.get(duplicated.size() - 1));
            assertThatThrownBy(() -> target.backup().importFrom(duplicated.iterator()))
                    .isInstanceOf(BackupRefusedException.class);
            assertEmpty(target);

            assertThatThrownBy(() -> target.backup().importFrom(records.subList(1, records.size()).iterator()))
                    .isInstanceOf(BackupRefusedException.class).hasMessageContaining("header");
            assertEmpty(target);

            BackupRecord.Header h = (BackupRecord.Header) records.get(0);
            List<BackupRecord> future = new ArrayList<>(records);
            future.set(0, new BackupRecord.Header(h.store(), h.partitions(), BackupStore.FORMAT_VERSION + 1, h.takenAt(),
                    h.counts()));
            assertThatThrownBy(() -> target.backup().importFrom(future.iterator()))
                    .isInstanceOf(BackupRefusedException.class).hasMessageContaining("version " + (BackupStore.FORMAT_VERSION + 1));
            assertEmpty(target);

            target.backup().importFrom(records.iterator());
            assertThat(contents(target)).as("after failed imports, a good one still succeeds whole").isEqualTo(expected);
        }
    }

    @Test
    void anExceptionFromTheSinkEndsTheExportAndPropagates() {
        populate();
        IllegalStateException full = new IllegalStateException("disk full");
        List<BackupRecord> got = new ArrayList<>();
        Consumer<BackupRecord> sink = r -> {
            if (got.size() == 3) {
                throw full;
            }
            got.add(r);
        };

        assertThatThrownBy(() -> store.backup().export(sink)).isSameAs(full);
        assertThat(got).hasSize(3);
        assertThat(export(store).get(0)).isInstanceOf(BackupRecord.Header.class);
    }

    private void assertEmpty(Store target) {
        assertThat(((BackupRecord.Header) export(target).get(0)).counts()).isEqualTo(BackupCounts.ZERO);
        for (ActorRef a : actors) {
            assertThat(target.journal().lastSeq(a)).isZero();
        }
    }

    private static Iterator<BackupRecord> failingAfter(List<BackupRecord> records, int n, RuntimeException failure) {
        Iterator<BackupRecord> inner = records.iterator();
        return new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public BackupRecord next() {
                if (given++ == n) {
                    throw failure;
                }
                return inner.next();
            }
        };
    }
}
