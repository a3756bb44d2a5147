package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.BackupRefusedException;
import dev.loom.spi.BackupStore;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.TimerRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Backups of a PostgreSQL store. Export: one {@code REPEATABLE READ, READ ONLY} transaction, so every table is read
 * from one snapshot while nodes go on committing, streamed through server-side cursors ({@link #FETCH_SIZE} rows at
 * a time). Import: one transaction, so a failure anywhere leaves nothing; the message and timer sequences are moved
 * past the imported ones last, just before the commit.
 */
final class PostgresBackupStore implements BackupStore {
    private static final int FETCH_SIZE = 500;
    private static final int INSERT_CHUNK = 500;

    private final Database db;
    private final PartitionRange range;
    private final Runnable contentsReplaced;

    /** @param contentsReplaced runs after an import committed (the group committer forgets what it remembered) */
    PostgresBackupStore(Database db, PartitionRange range, Runnable contentsReplaced) {
        this.db = db;
        this.range = range;
        this.contentsReplaced = contentsReplaced;
    }

    @Override
    public BackupCounts export(Consumer<BackupRecord> sink) {
        db.checkOpen();
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                try (Statement st = c.createStatement()) {
                    // the export waits on its sink (a client downloading) between fetches, and holds no row locks
                    st.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
                }
                BackupCounts counts = counts(c);
                sink.accept(new BackupRecord.Header("postgres", range.count(), FORMAT_VERSION, Instant.now(), counts));
                BackupCounts sent = stream(c, sink);
                c.commit();
                return sent;
            } finally {
                // ends the snapshot if the sink threw; the pool restores isolation and read-only on return
                c.rollback();
            }
        } catch (SQLException e) {
            throw db.failures().translate("export a backup", e);
        }
    }

    private BackupCounts stream(Connection c, Consumer<BackupRecord> sink) throws SQLException {
        BackupCounts[] sent = {BackupCounts.ZERO};
        Consumer<BackupRecord> counting = r -> {
            sink.accept(r);
            sent[0] = sent[0].plus(r);
        };
        query(c, "SELECT actor_type, actor_id, seq, state, taken_at FROM snapshots ORDER BY actor_type, actor_id, seq",
                rs -> counting.accept(new BackupRecord.SnapshotItem(new Snapshot(new ActorRef(rs.getString(1),
                        rs.getString(2)), rs.getLong(3), rs.getString(4), EpochNanos.toInstant(rs.getLong(5))))));
        query(c, "SELECT actor_type, actor_id, seq, message_id, message_type, idempotency_key, patch, traceparent,"
                        + " committed_at FROM journal ORDER BY actor_type, actor_id, seq",
                rs -> counting.accept(new BackupRecord.JournalItem(new JournalEntry(new ActorRef(rs.getString(1),
                        rs.getString(2)), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), EpochNanos.toInstant(rs.getLong(9))))));
        query(c, "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages ORDER BY partition, seq",
                rs -> counting.accept(new BackupRecord.MessageItem(Rows.message(rs))));
        query(c, "SELECT " + Rows.TIMER_COLUMNS + " FROM timers ORDER BY timer_id",
                rs -> counting.accept(new BackupRecord.TimerItem(Rows.timer(rs))));
        query(c, "SELECT actor_type, actor_id, key, message_id, reply, committed_at, expires_at FROM idempotency"
                        + " ORDER BY actor_type, actor_id, key",
                rs -> counting.accept(new BackupRecord.IdempotencyItem(new IdempotencyRecord(new ActorRef(
                        rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                        EpochNanos.toInstant(rs.getLong(6)), EpochNanos.toInstant(rs.getLong(7))))));
        query(c, "SELECT " + Rows.DEAD_LETTER_COLUMNS + " FROM dead_letters ORDER BY id",
                rs -> counting.accept(new BackupRecord.DeadLetterItem(Rows.deadLetter(rs))));
        return sent[0];
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    private static BackupCounts counts(Connection c) throws SQLException {
        return new BackupCounts(count(c, "snapshots"), count(c, "journal"), count(c, "messages"), count(c, "timers"),
                count(c, "idempotency"), count(c, "dead_letters"));
    }

    private static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public BackupCounts importFrom(Iterator<BackupRecord> source) {
        db.checkOpen();
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    // the import waits on its source (a client uploading) between records
                    st.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
                }
                BackupCounts received = importIn(c, source);
                c.commit();
                contentsReplaced.run();
                return received;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (PostgresFailures.isConstraint(e) || e.getNextException() != null
                    && PostgresFailures.isConstraint(e.getNextException())) {
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                throw new BackupRefusedException("the backup holds a record twice or records that conflict: "
                        + db.failures().redact(cause.getMessage()), e);
            }
            throw db.failures().translate("import a backup", e);
        }
    }

    private BackupCounts importIn(Connection c, Iterator<BackupRecord> source) throws SQLException {
        // Nodes importing at once would both see an empty store; one table lock orders them.
        try (PreparedStatement ps = c.prepareStatement("LOCK TABLE " + Migrations.META_TABLE + " IN EXCLUSIVE MODE")) {
            ps.execute();
        }
        BackupCounts held = counts(c);
        if (!held.hasNoRecords()) {
            throw new BackupRefusedException("cannot import into a store that is not empty (it holds " + held.describe()
                    + "); import a backup only into a new, empty store");
        }
        BackupRecord.Header header = BackupRecord.Header.first(source, range.count());
        if (header.counts().messages() > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_value, is_called FROM message_seq");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(2)) {
                    throw new BackupRefusedException("cannot import queued messages into a store that has already"
                            + " assigned message seqs (up to " + rs.getLong(1) + "); import a backup only into a newly"
                            + " created store");
                }
            }
        }
        BackupCounts received = BackupCounts.ZERO;
        long lastSeq = 0;
        long lastTimer = 0;
        try (Inserts inserts = new Inserts(c)) {
            while (source.hasNext()) {
                BackupRecord record = source.next();
                switch (record) {
                    case BackupRecord.Header h -> throw new BackupRefusedException("the backup has a second header record");
                    case BackupRecord.SnapshotItem s -> inserts.snapshot(s.snapshot());
                    case BackupRecord.JournalItem j -> inserts.journal(j.entry());
                    case BackupRecord.MessageItem m -> {
                        inRange(m.message().envelope());
                        inserts.message(m);
                        lastSeq = Math.max(lastSeq, m.message().seq());
                    }
                    case BackupRecord.TimerItem t -> {
                        inRange(t.timer().envelope());
                        inserts.timer(t);
                        lastTimer = Math.max(lastTimer, t.timer().timerId());
                    }
                    case BackupRecord.IdempotencyItem i -> inserts.idempotency(i.record());
                    case BackupRecord.DeadLetterItem d -> {
                        inRange(d.deadLetter().message());
                        inserts.deadLetter(d);
                    }
                }
                received = received.plus(record);
            }
            inserts.flush();
        }
        header.requireCounts(received);
        // Sequences are not transactional: move them only once nothing else can make the import fail.
        setSequence(c, "message_seq", lastSeq);
        setSequence(c, "timer_id_seq", lastTimer);
        return received;
    }

    private void inRange(Envelope e) {
        range.problemWith(e).ifPresent(problem -> {
            throw new BackupRefusedException("cannot import the backup: " + problem);
        });
    }

    private static void setSequence(Connection c, String sequence, long last) throws SQLException {
        if (last <= 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(?, greatest(?, (SELECT last_value FROM "
                + sequence + ")))")) {
            ps.setString(1, sequence);
            ps.setLong(2, last);
            ps.executeQuery().close();
        }
    }

    /** Batched inserts of imported rows, sent every {@link #INSERT_CHUNK} rows of a kind. */
    private static final class Inserts implements AutoCloseable {
        private final PreparedStatement snapshots;
        private final PreparedStatement journal;
        private final PreparedStatement messages;
        private final PreparedStatement timers;
        private final PreparedStatement idempotency;
        private final PreparedStatement deadLetters;
        private final int[] pending = new int[6];

        Inserts(Connection c) throws SQLException {
            snapshots = c.prepareStatement("INSERT INTO snapshots (actor_type, actor_id, seq, state, taken_at)"
                    + " VALUES (?, ?, ?, ?, ?)");
            journal = c.prepareStatement("INSERT INTO journal (actor_type, actor_id, seq, message_id, message_type,"
                    + " idempotency_key, patch, traceparent, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            messages = c.prepareStatement(Rows.INSERT_FULL_MESSAGE);
            timers = c.prepareStatement(Rows.INSERT_TIMER);
            idempotency = c.prepareStatement("INSERT INTO idempotency (actor_type, actor_id, key, message_id, reply,"
                    + " committed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            deadLetters = c.prepareStatement(Rows.INSERT_DEAD_LETTER);
        }

        void snapshot(Snapshot s) throws SQLException {
            snapshots.setString(1, s.actor().type());
            snapshots.setString(2, s.actor().id());
            snapshots.setLong(3, s.seq());
            snapshots.setString(4, s.state());
            snapshots.setLong(5, EpochNanos.of(s.takenAt()));
            added(snapshots, 0);
        }

        void journal(JournalEntry e) throws SQLException {
            journal.setString(1, e.actor().type());
            journal.setString(2, e.actor().id());
            journal.setLong(3, e.seq());
            journal.setString(4, e.messageId());
            journal.setString(5, e.messageType());
            journal.setString(6, e.idempotencyKey());
            journal.setString(7, e.patch());
            journal.setString(8, e.traceparent());
            journal.setLong(9, EpochNanos.of(e.committedAt()));
            added(journal, 1);
        }

        void message(BackupRecord.MessageItem m) throws SQLException {
            Rows.bindMessage(messages, m.message());
            added(messages, 2);
        }

        void timer(BackupRecord.TimerItem t) throws SQLException {
            Rows.bindTimer(timers, t.timer().timerId(), new TimerRequest(t.timer().envelope(),
                    t.timer().deliverAt(), t.timer().reminder()));
            added(timers, 3);
        }

        void idempotency(IdempotencyRecord r) throws SQLException {
            idempotency.setString(1, r.actor().type());
            idempotency.setString(2, r.actor().id());
            idempotency.setString(3, r.key());
            idempotency.setString(4, r.messageId());
            idempotency.setString(5, r.reply());
            idempotency.setLong(6, EpochNanos.of(r.committedAt()));
            idempotency.setLong(7, EpochNanos.of(r.expiresAt()));
            added(idempotency, 4);
        }

        void deadLetter(BackupRecord.DeadLetterItem d) throws SQLException {
            Rows.bindDeadLetter(deadLetters, d.deadLetter());
            added(deadLetters, 5);
        }

        private void added(PreparedStatement ps, int kind) throws SQLException {
            ps.addBatch();
            if (++pending[kind] >= INSERT_CHUNK) {
                ps.executeBatch();
                pending[kind] = 0;
            }
        }

        void flush() throws SQLException {
            PreparedStatement[] all = {snapshots, journal, messages, timers, idempotency, deadLetters};
            for (int i = 0; i < all.length; i++) {
                if (pending[i] > 0) {
                    all[i].executeBatch();
                    pending[i] = 0;
                }
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {snapshots, journal, messages, timers, idempotency,
                    deadLetters}) {
                ps.close();
            }
        }
    }
}
