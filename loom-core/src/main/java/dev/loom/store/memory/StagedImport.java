package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.BackupRefusedException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The records of an import, checked as they arrive (partitions in range, keys unique) and applied to a
 * {@link MemoryState} only once all arrived, so applying cannot fail half-way.
 */
final class StagedImport {
    private record ActorSeq(ActorRef actor, long seq) {
    }

    private record ReminderKey(ActorRef actor, String name) {
    }

    private final int partitions;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final List<JournalEntry> entries = new ArrayList<>();
    private final List<StoredMessage> messages = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final List<IdempotencyRecord> keys = new ArrayList<>();
    private final List<DeadLetter> letters = new ArrayList<>();
    private final Set<Object> seen = new HashSet<>();
    private BackupCounts counts = BackupCounts.ZERO;

    StagedImport(int partitions) {
        this.partitions = partitions;
    }

    void add(BackupRecord record) {
        switch (record) {
            case BackupRecord.Header h -> throw new BackupRefusedException("the backup has a second header record");
            case BackupRecord.SnapshotItem s -> {
                unique(new ActorSeq(s.snapshot().actor(), s.snapshot().seq()), "snapshot " + s.snapshot().actor()
                        + "@" + s.snapshot().seq());
                snapshots.add(s.snapshot());
            }
            case BackupRecord.JournalItem j -> {
                unique(List.of("journal", j.entry().actor(), j.entry().seq()), "journal entry " + j.entry().actor()
                        + "@" + j.entry().seq());
                entries.add(j.entry());
            }
            case BackupRecord.MessageItem m -> {
                inRange(m.message().envelope());
                unique(List.of("message", m.message().seq()), "message seq " + m.message().seq());
                messages.add(m.message());
            }
            case BackupRecord.TimerItem t -> {
                inRange(t.timer().envelope());
                unique(List.of("timer", t.timer().timerId()), "timer id " + t.timer().timerId());
                if (t.timer().reminder() != null) {
                    unique(new ReminderKey(t.timer().envelope().target(), t.timer().reminder().name()),
                            "reminder " + t.timer().reminder().name() + " of " + t.timer().envelope().target());
                }
                timers.add(t.timer());
            }
            case BackupRecord.IdempotencyItem i -> {
                unique(new MemoryState.IdempotencyKey(i.record().actor(), i.record().key()),
                        "idempotency key " + i.record().key() + " of " + i.record().actor());
                keys.add(i.record());
            }
            case BackupRecord.DeadLetterItem d -> {
                inRange(d.deadLetter().message());
                unique(List.of("dead letter", d.deadLetter().id()), "dead letter " + d.deadLetter().id());
                letters.add(d.deadLetter());
            }
        }
        counts = counts.plus(record);
    }

    BackupCounts counts() {
        return counts;
    }

    /** Stores every staged record; the caller holds the lock and has checked that the state is empty. */
    void applyTo(MemoryState state) {
        snapshots.forEach(s -> state.storeSnapshot(s, false));
        for (JournalEntry e : entries) {
            state.journals.computeIfAbsent(e.actor(), a -> new java.util.TreeMap<>()).put(e.seq(), e);
        }
        // The last seq is the newest entry or, when trimming removed every entry, the newest snapshot.
        for (JournalEntry e : entries) {
            state.lastSeqs.merge(e.actor(), e.seq(), Math::max);
        }
        for (Snapshot s : snapshots) {
            state.lastSeqs.merge(s.actor(), s.seq(), Math::max);
        }
        long lastMessageSeq = 0;
        for (StoredMessage m : messages) {
            state.queue(m.envelope().partition()).put(m.seq(), m);
            lastMessageSeq = Math.max(lastMessageSeq, m.seq());
        }
        long lastTimerId = 0;
        for (Timer t : timers) {
            state.timers.put(t.timerId(), t);
            lastTimerId = Math.max(lastTimerId, t.timerId());
        }
        keys.forEach(k -> state.idempotency.put(new MemoryState.IdempotencyKey(k.actor(), k.key()), k));
        letters.forEach(d -> state.deadLetters.put(d.id(), d));
        state.advanceCounters(lastMessageSeq, lastTimerId);
    }

    private void unique(Object key, String what) {
        if (!seen.add(key)) {
            throw new BackupRefusedException("the backup holds " + what + " twice");
        }
    }

    private void inRange(Envelope e) {
        if (e.partition() >= partitions) {
            throw new BackupRefusedException("the backup's message " + e.messageId() + " names partition " + e.partition()
                    + " but the store has " + partitions + " partitions");
        }
    }
}
