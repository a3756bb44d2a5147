package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.StepRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One write transaction of the writer thread. Reads lease epochs and journal heads through the writer's
 * {@link CommittedCache} (valid because the transaction holds SQLite's write lock from start to end, and the
 * cache was checked against other connections' commits when it began), reads counters once, and buffers
 * inserted messages and journal entries for multi-row inserts.
 */
final class Tx {
    static final String INSERT_MESSAGE = "INSERT INTO messages (partition, seq, message_id, actor_type, actor_id,"
            + " message_type, payload, idempotency_key, sender, traceparent, enqueued_at, steps) VALUES ";
    static final int MESSAGE_COLUMNS = 12;
    static final String INSERT_JOURNAL = "INSERT INTO journal (actor_type, actor_id, seq, message_id,"
            + " message_type, idempotency_key, patch, traceparent, committed_at) VALUES ";
    static final int JOURNAL_COLUMNS = 9;

    private static final long NO_LEASE = -1;
    private static final long NOT_LOADED = -1;

    private final Statements statements;
    private final boolean isolated;
    private final RowBuffer messageRows;
    private final RowBuffer journalRows;
    private final CommittedCache cache;
    private final Map<Integer, Long> epochs;
    private final Map<ActorRef, Long> lastSeqs;
    private long messageSeq = NOT_LOADED;
    private long messageSeqAtStart;
    private long timerId = NOT_LOADED;
    private long timerIdAtStart;

    Tx(Statements statements, boolean isolated, RowBuffer messageRows, RowBuffer journalRows, CommittedCache cache) {
        this.statements = statements;
        this.cache = cache;
        this.epochs = cache.epochs;
        this.lastSeqs = cache.lastSeqs;
        this.isolated = isolated;
        this.messageRows = messageRows;
        this.journalRows = journalRows;
        messageRows.clear();
        journalRows.clear();
    }

    Statements statements() {
        return statements;
    }

    /** Whether each write runs in its own savepoint (the retry of a batch that failed as a whole). */
    boolean isolated() {
        return isolated;
    }

    /** The partition's current lease epoch, or -1 if it was never leased. */
    long epoch(int partition) throws SQLException {
        Long cached = epochs.get(partition);
        if (cached != null) {
            return cached;
        }
        long epoch = NO_LEASE;
        try (ResultSet rs = statements.bound("SELECT epoch FROM leases WHERE partition = ?", partition).executeQuery()) {
            if (rs.next()) {
                epoch = rs.getLong(1);
            }
        }
        epochs.put(partition, epoch);
        return epoch;
    }

    void epochChanged(int partition, long epoch) {
        epochs.put(partition, epoch);
    }

    /**
     * The actor's last journal seq. Trimming keeps the latest snapshot, whose seq is at most the last seq,
     * so the last seq is the larger of the newest stored entry and the newest snapshot.
     */
    long lastSeq(ActorRef actor) throws SQLException {
        Long cached = lastSeqs.get(actor);
        if (cached != null) {
            return cached;
        }
        long last;
        try (ResultSet rs = statements.bound(JournalQueries.LAST_SEQ,
                actor.type(), actor.id(), actor.type(), actor.id()).executeQuery()) {
            last = rs.next() ? rs.getLong(1) : 0;
        }
        lastSeqs.put(actor, last);
        return last;
    }

    /** Buffers a journal row; the caller has checked that it follows {@link #lastSeq}. */
    void appendJournal(ActorRef actor, long seq, Object[] row) {
        journalRows.add(row);
        lastSeqs.put(actor, seq);
    }

    /** Inserts buffered journal rows now (before a statement that deletes journal rows). */
    void flushJournal() throws SQLException {
        journalRows.flush(statements);
    }

    /**
     * Enqueues a message (buffered) and returns its seq. Seqs come from one counter for the whole file,
     * taken under the write lock, so they grow in commit order across every process using the file.
     */
    long enqueue(Envelope e, List<StepRecord> steps) throws SQLException {
        long seq = nextMessageSeq();
        messageRows.add(new Object[] {e.partition(), seq, e.messageId(), e.target().type(), e.target().id(),
                e.messageType(), e.payload(), e.idempotencyKey(), e.sender(), e.traceparent(),
                EpochNanos.of(e.enqueuedAt()), StepsColumn.write(steps)});
        if (messageRows.size() >= RowBuffer.CHUNK) {
            messageRows.flush(statements);
        }
        return seq;
    }

    /** Makes buffered messages visible to a statement about message {@code seq}, if it could be one of them. */
    void beforeMessageAccess(long seq) throws SQLException {
        if (messageSeq != NOT_LOADED && seq > messageSeqAtStart && !messageRows.isEmpty()) {
            messageRows.flush(statements);
        }
    }

    /** Inserts buffered messages now (before a query that must see every message of this transaction). */
    void flushMessages() throws SQLException {
        messageRows.flush(statements);
    }

    long nextTimerId() throws SQLException {
        if (timerId == NOT_LOADED) {
            timerId = counter("timer_id");
            timerIdAtStart = timerId;
        }
        return ++timerId;
    }

    /** Inserts everything buffered (after each write when isolated; at the end of the batch otherwise). */
    void flush() throws SQLException {
        messageRows.flush(statements);
        journalRows.flush(statements);
    }

    /** Forgets cached reads after a savepoint was rolled back (counters only grow, so they stay). */
    void forgetCaches() {
        cache.clear();
        messageRows.clear();
        journalRows.clear();
    }

    /** Flushes the buffers and stores the counters; the transaction can then commit. */
    void finish() throws SQLException {
        flush();
        if (messageSeq != NOT_LOADED && messageSeq != messageSeqAtStart) {
            statements.update("UPDATE counters SET value = ? WHERE name = 'message_seq'", messageSeq);
        }
        if (timerId != NOT_LOADED && timerId != timerIdAtStart) {
            statements.update("UPDATE counters SET value = ? WHERE name = 'timer_id'", timerId);
        }
    }

    private long nextMessageSeq() throws SQLException {
        if (messageSeq == NOT_LOADED) {
            messageSeq = counter("message_seq");
            messageSeqAtStart = messageSeq;
        }
        return ++messageSeq;
    }

    private long counter(String name) throws SQLException {
        PreparedStatement s = statements.bound("SELECT value FROM counters WHERE name = ?", name);
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("counter " + name + " is missing from the counters table");
            }
            return rs.getLong(1);
        }
    }
}
