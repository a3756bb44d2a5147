package dev.loom.store.sqlite;

import dev.loom.spi.BackupRecord;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Reminder;
import dev.loom.spi.Snapshot;
import dev.loom.spi.BackupRefusedException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import java.sql.SQLException;
import java.util.zip.Deflater;

/**
 * Inserts the records of an import inside the import's write transaction, keeping every seq, id and time,
 * and finally moves the seq and timer-id counters past the imported ones.
 */
final class BackupInserts implements AutoCloseable {
    private static final String INSERT_MESSAGE = "INSERT INTO messages (" + MessageRows.COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SNAPSHOT =
            "INSERT INTO snapshots (actor_type, actor_id, seq, state, taken_at) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_IDEMPOTENCY = "INSERT INTO idempotency (actor_type, actor_id, key, message_id,"
            + " reply, committed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Tx tx;
    private final PartitionRange range;
    private long lastMessageSeq;
    private long lastTimerId;
    private final Deflater deflater = PatchColumn.newDeflater();

    BackupInserts(Tx tx, PartitionRange range) {
        this.tx = tx;
        this.range = range;
    }

    void insert(BackupRecord record) throws SQLException {
        try {
            switch (record) {
                case BackupRecord.Header h -> throw new BackupRefusedException("the backup has a second header record");
                case BackupRecord.SnapshotItem s -> snapshot(s.snapshot());
                case BackupRecord.JournalItem j -> journal(j.entry());
                case BackupRecord.MessageItem m -> message(m.message());
                case BackupRecord.TimerItem t -> timer(t.timer());
                case BackupRecord.IdempotencyItem i -> idempotency(i.record());
                case BackupRecord.DeadLetterItem d -> {
                    inRange(d.deadLetter().message());
                    DeadLetterRows.insert(tx, d.deadLetter());
                }
            }
        } catch (SQLException e) {
            if (SqliteFailures.isConstraint(e)) {
                throw new BackupRefusedException("the backup holds a record twice or a record that conflicts with another ("
                        + describe(record) + "): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Moves the counters so that seqs and timer ids assigned after the import follow the imported ones. */
    void finish() throws SQLException {
        tx.statements().update("UPDATE counters SET value = max(value, ?) WHERE name = 'message_seq'", lastMessageSeq);
        tx.statements().update("UPDATE counters SET value = max(value, ?) WHERE name = 'timer_id'", lastTimerId);
        // the writer's cache may hold journal heads read before the import (an empty store's zeros)
        tx.forgetCaches();
    }

    /** Frees the deflater's native memory. */
    @Override
    public void close() {
        deflater.end();
    }

    private void snapshot(Snapshot s) throws SQLException {
        tx.statements().update(INSERT_SNAPSHOT, s.actor().type(), s.actor().id(), s.seq(), s.state(),
                EpochNanos.of(s.takenAt()));
    }

    private void journal(JournalEntry e) throws SQLException {
        tx.statements().update(Tx.INSERT_JOURNAL + "(?, ?, ?, ?, ?, ?, ?, ?, ?)", e.actor().type(), e.actor().id(),
                e.seq(), e.messageId(), e.messageType(), e.idempotencyKey(), PatchColumn.write(e.patch(), deflater),
                e.traceparent(),
                EpochNanos.of(e.committedAt()));
    }

    private void message(StoredMessage m) throws SQLException {
        Envelope e = m.envelope();
        inRange(e);
        Delivery d = m.delivery();
        ErrorInfo error = d.lastError();
        tx.statements().update(INSERT_MESSAGE, e.partition(), m.seq(), e.messageId(), e.target().type(),
                e.target().id(), e.messageType(), e.payload(), e.idempotencyKey(), e.sender(), e.traceparent(),
                EpochNanos.of(e.enqueuedAt()), StepsColumn.write(d.steps()), d.attempts(),
                EpochNanos.ofNullable(d.notBefore()), EpochNanos.ofNullable(d.firstFailedAt()),
                EpochNanos.ofNullable(d.lastFailedAt()), error == null ? null : error.type(),
                error == null ? null : error.message(), error == null ? null : error.stack());
        lastMessageSeq = Math.max(lastMessageSeq, m.seq());
    }

    private void timer(Timer t) throws SQLException {
        Envelope e = t.envelope();
        inRange(e);
        Reminder r = t.reminder();
        tx.statements().update(TimerRows.INSERT, t.timerId(), e.partition(), EpochNanos.of(t.deliverAt()),
                e.messageId(), e.target().type(), e.target().id(), e.messageType(), e.payload(), e.idempotencyKey(),
                e.sender(), e.traceparent(), EpochNanos.of(e.enqueuedAt()), r == null ? null : r.name(),
                r == null ? null : r.interval().toNanos(), r == null ? null : r.missed().name());
        lastTimerId = Math.max(lastTimerId, t.timerId());
    }

    private void idempotency(IdempotencyRecord r) throws SQLException {
        tx.statements().update(INSERT_IDEMPOTENCY, r.actor().type(), r.actor().id(), r.key(), r.messageId(), r.reply(),
                EpochNanos.of(r.committedAt()), EpochNanos.of(r.expiresAt()));
    }

    private void inRange(Envelope e) {
        range.problemWith(e).ifPresent(problem -> {
            throw new BackupRefusedException("cannot import the backup: " + problem);
        });
    }

    private static String describe(BackupRecord record) {
        return switch (record) {
            case BackupRecord.Header h -> "header";
            case BackupRecord.SnapshotItem s -> "snapshot " + s.snapshot().actor() + "@" + s.snapshot().seq();
            case BackupRecord.JournalItem j -> "journal entry " + j.entry().actor() + "@" + j.entry().seq();
            case BackupRecord.MessageItem m -> "message seq " + m.message().seq() + " in partition "
                    + m.message().envelope().partition();
            case BackupRecord.TimerItem t -> "timer " + t.timer().timerId();
            case BackupRecord.IdempotencyItem i -> "idempotency key " + i.record().key() + " of " + i.record().actor();
            case BackupRecord.DeadLetterItem d -> "dead letter " + d.deadLetter().id();
        };
    }
}
