package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StepRecord;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * Applies {@link Write}s inside the writer's transaction. Each write is fenced on its partition's current
 * lease epoch, then validated completely before its first change, so a {@code Fenced} or {@code Rejected}
 * write leaves no trace without needing a savepoint. If a change still fails (a constraint no validation
 * foresaw), the writer rolls the batch back and re-runs it {@linkplain Tx#isolated() isolated}: every write
 * in its own savepoint.
 */
final class WriteApplier {
    private static final String DELETE_MESSAGE = "DELETE FROM messages WHERE partition = ? AND seq = ?";
    private static final String UPSERT_SNAPSHOT = "INSERT OR REPLACE INTO snapshots (actor_type, actor_id, seq,"
            + " state, taken_at) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_IDEMPOTENCY = "INSERT INTO idempotency (actor_type, actor_id, key, message_id,"
            + " reply, committed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (actor_type, actor_id, key)"
            + " DO UPDATE SET message_id = excluded.message_id, reply = excluded.reply,"
            + " committed_at = excluded.committed_at, expires_at = excluded.expires_at"
            + " WHERE idempotency.expires_at < excluded.committed_at";

    private final PartitionRange range;

    WriteApplier(PartitionRange range) {
        this.range = range;
    }

    /**
     * The journal patches of {@code writes} as {@link PatchColumn} stores them, index by index ({@code null} for a
     * write that is not a turn). Called on the committing thread, before the work goes to the writer, so the
     * compression runs in the callers' threads and not in the writer's transaction.
     */
    static Object[] patchColumns(List<Write> writes) {
        Object[] columns = new Object[writes.size()];
        Deflater deflater = null;
        try {
            for (int i = 0; i < columns.length; i++) {
                if (writes.get(i) instanceof Write.TurnCommit t) {
                    String patch = t.entry().patch();
                    if (patch.length() >= PatchColumn.COMPRESS_FROM && deflater == null) {
                        deflater = PatchColumn.borrowDeflater();
                    }
                    columns[i] = PatchColumn.write(patch, deflater);
                }
            }
        } finally {
            if (deflater != null) {
                PatchColumn.returnDeflater(deflater);
            }
        }
        return columns;
    }

    /** @param patches what {@link #patchColumns} gave for {@code writes} */
    List<WriteResult> applyAll(Tx tx, List<Write> writes, Object[] patches) throws SQLException {
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            results.add(tx.isolated() ? applyInSavepoint(tx, w, patches[i]) : apply(tx, w, patches[i]));
        }
        return results;
    }

    private WriteResult applyInSavepoint(Tx tx, Write w, Object patch) throws SQLException {
        Statements st = tx.statements();
        st.execute("SAVEPOINT write");
        try {
            WriteResult result = apply(tx, w, patch);
            tx.flush();
            st.execute("RELEASE write");
            return result;
        } catch (SQLException e) {
            st.execute("ROLLBACK TO write");
            st.execute("RELEASE write");
            tx.forgetCaches();
            if (SqliteFailures.isConstraint(e)) {
                return new WriteResult.Rejected("the write conflicts with stored data: " + e.getMessage());
            }
            throw e;
        }
    }

    private WriteResult apply(Tx tx, Write w, Object patch) throws SQLException {
        if (tx.epoch(w.partition()) != w.epoch()) {
            return new WriteResult.Fenced(w.partition(), w.epoch());
        }
        return switch (w) {
            case Write.TurnCommit t -> turn(tx, t, patch);
            case Write.StepRecorded s -> stepRecorded(tx, s);
            case Write.AttemptFailed a -> attemptFailed(tx, a);
            case Write.DeadLettered d -> deadLettered(tx, d);
            case Write.Acknowledged a -> acknowledged(tx, a);
            case Write.FireTimer f -> fireTimer(tx, f);
            case Write.SnapshotTaken s -> snapshotTaken(tx, s);
            case Write.Trim t -> trim(tx, t);
        };
    }

    private WriteResult turn(Tx tx, Write.TurnCommit t, Object patch) throws SQLException {
        JournalEntry entry = t.entry();
        ActorRef actor = entry.actor();
        Optional<String> misfit = t.problemAfter(tx.lastSeq(actor));
        if (misfit.isPresent()) {
            return new WriteResult.Rejected(misfit.get());
        }
        Snapshot snapshot = t.snapshot();
        Optional<String> badTarget = range.problemWith(t.sends(), t.timers());
        if (badTarget.isPresent()) {
            return new WriteResult.Rejected(badTarget.get());
        }
        if (!removeMessage(tx, t.partition(), t.messageSeq())) {
            return notQueued(t.partition(), t.messageSeq());
        }
        tx.appendJournal(actor, entry.seq(), new Object[] {actor.type(), actor.id(), entry.seq(), entry.messageId(),
                entry.messageType(), entry.idempotencyKey(), patch, entry.traceparent(),
                EpochNanos.of(entry.committedAt())});
        if (snapshot != null) {
            putSnapshot(tx, snapshot, t.trimToSnapshot());
        }
        for (Envelope send : t.sends()) {
            tx.enqueue(send, null);
        }
        // Cancellations first, so a turn that cancels a reminder and schedules it anew keeps the new one.
        for (String name : t.cancelReminders()) {
            tx.statements().update(TimerRows.DELETE_REMINDER, actor.type(), actor.id(), name);
        }
        for (TimerRequest timer : t.timers()) {
            TimerRows.insert(tx, timer);
        }
        IdempotencyRecord idem = t.idempotency();
        if (idem != null) {
            tx.statements().update(INSERT_IDEMPOTENCY, idem.actor().type(), idem.actor().id(), idem.key(),
                    idem.messageId(), idem.reply(), EpochNanos.of(idem.committedAt()), EpochNanos.of(idem.expiresAt()));
        }
        return WriteResult.APPLIED;
    }

    private WriteResult stepRecorded(Tx tx, Write.StepRecorded s) throws SQLException {
        tx.beforeMessageAccess(s.messageSeq());
        String stored;
        try (ResultSet rs = tx.statements().bound("SELECT steps FROM messages WHERE partition = ? AND seq = ?",
                s.partition(), s.messageSeq()).executeQuery()) {
            if (!rs.next()) {
                return notQueued(s.partition(), s.messageSeq());
            }
            stored = rs.getString(1);
        }
        List<StepRecord> steps = new ArrayList<>(StepsColumn.read(stored));
        for (StepRecord existing : steps) {
            if (existing.index() == s.step().index()) {
                return new WriteResult.Rejected("step " + s.step().index() + " of message " + s.messageSeq()
                        + " is already recorded (as '" + existing.name() + "')");
            }
        }
        steps.add(s.step());
        steps.sort(Comparator.comparingInt(StepRecord::index));
        tx.statements().update("UPDATE messages SET steps = ? WHERE partition = ? AND seq = ?",
                StepsColumn.write(steps), s.partition(), s.messageSeq());
        return WriteResult.APPLIED;
    }

    private WriteResult attemptFailed(Tx tx, Write.AttemptFailed a) throws SQLException {
        tx.beforeMessageAccess(a.messageSeq());
        int updated = tx.statements().update("UPDATE messages SET attempts = ?, not_before = ?,"
                        + " first_failed_at = coalesce(first_failed_at, ?), last_failed_at = ?, error_type = ?,"
                        + " error_message = ?, error_stack = ? WHERE partition = ? AND seq = ?",
                a.attempts(), EpochNanos.ofNullable(a.notBefore()), EpochNanos.ofNullable(a.failedAt()),
                EpochNanos.ofNullable(a.failedAt()), a.error() == null ? null : a.error().type(),
                a.error() == null ? null : a.error().message(), a.error() == null ? null : a.error().stack(),
                a.partition(), a.messageSeq());
        return updated == 0 ? notQueued(a.partition(), a.messageSeq()) : WriteResult.APPLIED;
    }

    private WriteResult acknowledged(Tx tx, Write.Acknowledged a) throws SQLException {
        Optional<String> badTarget = range.problemWith(a.sends(), List.of());
        if (badTarget.isPresent()) {
            return new WriteResult.Rejected(badTarget.get());
        }
        if (!removeMessage(tx, a.partition(), a.messageSeq())) {
            return notQueued(a.partition(), a.messageSeq());
        }
        for (Envelope send : a.sends()) {
            tx.enqueue(send, null);
        }
        return WriteResult.APPLIED;
    }

    private WriteResult deadLettered(Tx tx, Write.DeadLettered d) throws SQLException {
        Optional<String> badTarget = range.problemWith(d.sends(), List.of());
        if (badTarget.isPresent()) {
            return new WriteResult.Rejected(badTarget.get());
        }
        try (ResultSet rs = tx.statements().bound("SELECT 1 FROM dead_letters WHERE id = ?", d.deadLetter().id())
                .executeQuery()) {
            if (rs.next()) {
                return new WriteResult.Rejected("a dead letter with id " + d.deadLetter().id() + " already exists");
            }
        }
        if (!removeMessage(tx, d.partition(), d.messageSeq())) {
            return notQueued(d.partition(), d.messageSeq());
        }
        DeadLetterRows.insert(tx, d.deadLetter());
        for (Envelope send : d.sends()) {
            tx.enqueue(send, null);
        }
        return WriteResult.APPLIED;
    }

    private WriteResult fireTimer(Tx tx, Write.FireTimer f) throws SQLException {
        List<Envelope> deliver = f.deliver() == null ? List.of() : List.of(f.deliver());
        List<TimerRequest> next = f.next() == null ? List.of() : List.of(f.next());
        Optional<String> badTarget = range.problemWith(deliver, next);
        if (badTarget.isPresent()) {
            return new WriteResult.Rejected(badTarget.get());
        }
        int deleted = tx.statements().update("DELETE FROM timers WHERE timer_id = ? AND partition = ?",
                f.timerId(), f.partition());
        if (deleted == 0) {
            return new WriteResult.Rejected("timer " + f.timerId() + " no longer exists in partition "
                    + f.partition() + " (already fired or cancelled)");
        }
        for (Envelope e : deliver) {
            tx.enqueue(e, null);
        }
        for (TimerRequest t : next) {
            TimerRows.insert(tx, t);
        }
        return WriteResult.APPLIED;
    }

    private WriteResult snapshotTaken(Tx tx, Write.SnapshotTaken s) throws SQLException {
        Snapshot snapshot = s.snapshot();
        long last = tx.lastSeq(snapshot.actor());
        if (snapshot.seq() > last) {
            return new WriteResult.Rejected("snapshot seq " + snapshot.seq() + " of " + snapshot.actor()
                    + " is beyond its last journal seq " + last);
        }
        putSnapshot(tx, snapshot, s.trim());
        return WriteResult.APPLIED;
    }

    private WriteResult trim(Tx tx, Write.Trim t) throws SQLException {
        ActorRef actor = t.actor();
        long latestSnapshot;
        try (ResultSet rs = tx.statements().bound("SELECT coalesce(max(seq), 0) FROM snapshots"
                + " WHERE actor_type = ? AND actor_id = ?", actor.type(), actor.id()).executeQuery()) {
            latestSnapshot = rs.next() ? rs.getLong(1) : 0;
        }
        if (t.upToSeq() > latestSnapshot) {
            return new WriteResult.Rejected("cannot trim the journal of " + actor + " to seq " + t.upToSeq()
                    + ": its latest snapshot is at seq " + latestSnapshot
                    + " (trimming never removes entries newer than the latest snapshot)");
        }
        tx.flushJournal();
        tx.statements().update("DELETE FROM journal WHERE actor_type = ? AND actor_id = ? AND seq <= ?",
                actor.type(), actor.id(), t.upToSeq());
        return WriteResult.APPLIED;
    }

    private static void putSnapshot(Tx tx, Snapshot s, boolean trim) throws SQLException {
        ActorRef actor = s.actor();
        tx.statements().update(UPSERT_SNAPSHOT, actor.type(), actor.id(), s.seq(), s.state(), EpochNanos.of(s.takenAt()));
        if (trim) {
            tx.flushJournal();
            tx.statements().update("DELETE FROM journal WHERE actor_type = ? AND actor_id = ? AND seq <= ?",
                    actor.type(), actor.id(), s.seq());
            tx.statements().update("DELETE FROM snapshots WHERE actor_type = ? AND actor_id = ? AND seq < ?",
                    actor.type(), actor.id(), s.seq());
        }
    }

    private static boolean removeMessage(Tx tx, int partition, long seq) throws SQLException {
        tx.beforeMessageAccess(seq);
        return tx.statements().update(DELETE_MESSAGE, partition, seq) > 0;
    }

    private static WriteResult notQueued(int partition, long seq) {
        return new WriteResult.Rejected("message " + seq + " is no longer queued in partition " + partition);
    }
}
