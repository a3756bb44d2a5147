package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.BackupRefusedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/** Reading the tables a backup holds: their counts, and every row as a backup record. */
final class BackupTables {
    private BackupTables() {
    }

    static BackupCounts count(Statements st) throws SQLException {
        return new BackupCounts(count(st, "snapshots"), count(st, "journal"), count(st, "messages"),
                count(st, "timers"), count(st, "idempotency"), count(st, "dead_letters"));
    }

    /** Streams every row, table by table, in key order. */
    static BackupCounts stream(Statements st, Consumer<BackupRecord> sink) throws SQLException {
        BackupCounts sent = BackupCounts.ZERO;
        try (ResultSet rs = st.get("SELECT actor_type, actor_id, seq, state, taken_at FROM snapshots"
                + " ORDER BY actor_type, actor_id, seq").executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.SnapshotItem(new Snapshot(
                        new ActorRef(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getString(4),
                        EpochNanos.toInstant(rs.getLong(5)))));
            }
        }
        try (ResultSet rs = st.get("SELECT actor_type, actor_id, seq, message_id, message_type, idempotency_key, patch,"
                + " traceparent, committed_at FROM journal ORDER BY actor_type, actor_id, seq").executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.JournalItem(new JournalEntry(
                        new ActorRef(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), PatchColumn.read(rs, 7), rs.getString(8), EpochNanos.toInstant(rs.getLong(9)))));
            }
        }
        try (ResultSet rs = st.get("SELECT " + MessageRows.COLUMNS + " FROM messages ORDER BY partition, seq")
                .executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.MessageItem(MessageRows.read(rs)));
            }
        }
        try (ResultSet rs = st.get("SELECT " + TimerRows.COLUMNS + " FROM timers ORDER BY timer_id").executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.TimerItem(TimerRows.read(rs)));
            }
        }
        try (ResultSet rs = st.get("SELECT actor_type, actor_id, key, message_id, reply, committed_at, expires_at"
                + " FROM idempotency"
                + " ORDER BY actor_type, actor_id, key").executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.IdempotencyItem(new IdempotencyRecord(
                        new ActorRef(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5), EpochNanos.toInstant(rs.getLong(6)), EpochNanos.toInstant(rs.getLong(7)))));
            }
        }
        try (ResultSet rs = st.get("SELECT " + DeadLetterRows.COLUMNS + " FROM dead_letters ORDER BY id").executeQuery()) {
            while (rs.next()) {
                sent = send(sink, sent, new BackupRecord.DeadLetterItem(DeadLetterRows.read(rs)));
            }
        }
        return sent;
    }

    /** @throws BackupRefusedException if any table a backup holds has a row */
    static void requireEmpty(Statements st) throws SQLException {
        BackupCounts held = count(st);
        if (!held.hasNoRecords()) {
            throw new BackupRefusedException("cannot import into a store that is not empty (it holds " + held.describe()
                    + "); import a backup only into a new, empty store");
        }
    }

    /** @throws BackupRefusedException if the store has assigned a message seq before */
    static void requireNoSeqsAssigned(Statements st) throws SQLException {
        try (ResultSet rs = st.get("SELECT value FROM counters WHERE name = 'message_seq'").executeQuery()) {
            long last = rs.next() ? rs.getLong(1) : 0;
            if (last > 0) {
                throw new BackupRefusedException("cannot import queued messages into a store that has already assigned"
                        + " message seqs (up to " + last + "); import a backup only into a newly created store");
            }
        }
    }

    private static BackupCounts send(Consumer<BackupRecord> sink, BackupCounts sent, BackupRecord record) {
        sink.accept(record);
        return sent.plus(record);
    }

    private static long count(Statements st, String table) throws SQLException {
        try (ResultSet rs = st.get("SELECT count(*) FROM " + table).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
