package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StepRecord;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a batch of group-commit tasks in one {@link Tx}: locks and reads what the batch needs up front (see
 * {@link Tx}), then applies each write fenced on its partition's locked epoch and validated completely before its
 * first change, so a {@code Fenced} or {@code Rejected} write leaves no trace without a savepoint. If a statement
 * still fails (a conflict with a transaction of another node, which the model could not foresee), the committer
 * rolls the batch back and runs each task again in a transaction of its own with every write in a savepoint
 * ({@link Tx#isolated()}), so one bad write fails alone.
 */
final class WriteApplier {
    /** Work the group committer runs in a shared transaction. */
    sealed interface Task {
        /** Rows this task writes, roughly (bounds the batch size). */
        int weight();
    }

    /** {@link dev.loom.spi.Store#commit}: answers {@code List<WriteResult>}. */
    record Commit(List<Write> writes) implements Task {
        @Override
        public int weight() {
            int w = 0;
            for (Write write : writes) {
                w += switch (write) {
                    case Write.TurnCommit t -> 3 + t.sends().size();
                    case Write.DeadLettered d -> 2 + d.sends().size();
                    case Write.Acknowledged a -> 1 + a.sends().size();
                    default -> 1;
                };
            }
            return Math.max(1, w);
        }
    }

    /** {@link dev.loom.spi.MessageStore#enqueue}: answers {@code List<Long>}, the seqs. */
    record Enqueue(List<Envelope> messages) implements Task {
        @Override
        public int weight() {
            return Math.max(1, messages.size());
        }
    }

    private final PartitionRange range;
    private final JournalHeads heads = new JournalHeads();

    WriteApplier(PartitionRange range) {
        this.range = range;
    }

    /** After {@code tx} committed: remembers the journal heads it read or wrote (see {@link JournalHeads}). */
    void committed(Tx tx) {
        tx.rememberHeads(heads);
    }

    /** After a batch failed, or when its outcome is unknown, or the store's contents were replaced: forgets the heads. */
    void forgetHeads() {
        heads.clear();
    }

    /** Runs {@code tasks} in {@code tx}; one result per task, in order. */
    List<Object> run(Tx tx, List<Task> tasks) throws SQLException {
        Set<Integer> fencedOn = new TreeSet<>();
        for (Task task : tasks) {
            if (task instanceof Commit c) {
                c.writes().forEach(w -> fencedOn.add(w.partition()));
            }
        }
        tx.lockEpochs(fencedOn);

        Set<Integer> destinations = new TreeSet<>();
        int newMessages = 0;
        Set<Tx.MessageKey> named = new LinkedHashSet<>();
        Set<Tx.MessageKey> removedOnly = new LinkedHashSet<>();
        Map<ActorRef, Integer> appending = new LinkedHashMap<>();
        for (Task task : tasks) {
            switch (task) {
                case Enqueue e -> {
                    e.messages().forEach(m -> destinations.add(m.partition()));
                    newMessages += e.messages().size();
                }
                case Commit c -> {
                    for (Write w : c.writes()) {
                        if (tx.epoch(w.partition()) != w.epoch()) {
                            continue;
                        }
                        switch (w) {
                            case Write.TurnCommit t -> {
                                t.sends().forEach(m -> destinations.add(m.partition()));
                                newMessages += t.sends().size();
                                removedOnly.add(new Tx.MessageKey(t.partition(), t.messageSeq()));
                                appending.put(t.entry().actor(), t.partition());
                            }
                            case Write.FireTimer f -> {
                                if (f.deliver() != null) {
                                    destinations.add(f.deliver().partition());
                                    newMessages++;
                                }
                            }
                            case Write.StepRecorded s -> named.add(new Tx.MessageKey(s.partition(), s.messageSeq()));
                            case Write.AttemptFailed a -> named.add(new Tx.MessageKey(a.partition(), a.messageSeq()));
                            case Write.DeadLettered d -> {
                                d.sends().forEach(m -> destinations.add(m.partition()));
                                newMessages += d.sends().size();
                                removedOnly.add(new Tx.MessageKey(d.partition(), d.messageSeq()));
                            }
                            case Write.Acknowledged a -> {
                                a.sends().forEach(m -> destinations.add(m.partition()));
                                newMessages += a.sends().size();
                                removedOnly.add(new Tx.MessageKey(a.partition(), a.messageSeq()));
                            }
                            case Write.SnapshotTaken s -> appending.put(s.snapshot().actor(), s.partition());
                            case Write.Trim t -> {
                            }
                        }
                    }
                }
            }
        }
        destinations.removeIf(p -> p >= range.count());
        tx.reserveSeqs(destinations, newMessages);
        if (tx.verifies()) {
            named.addAll(removedOnly);
        } else {
            removedOnly.removeAll(named);
        }
        tx.lockMessages(named);
        if (!tx.verifies()) {
            tx.assumeQueued(removedOnly);
        }
        tx.loadLastSeqs(appending, heads);

        List<Object> results = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            switch (task) {
                case Enqueue e -> {
                    List<Long> seqs = new ArrayList<>(e.messages().size());
                    for (Envelope m : e.messages()) {
                        seqs.add(tx.enqueue(m, null));
                    }
                    results.add(seqs);
                }
                case Commit c -> {
                    List<WriteResult> out = new ArrayList<>(c.writes().size());
                    for (Write w : c.writes()) {
                        out.add(tx.isolated() ? applyInSavepoint(tx, w) : apply(tx, w));
                    }
                    results.add(out);
                }
            }
        }
        tx.flush();
        return results;
    }

    private WriteResult applyInSavepoint(Tx tx, Write w) throws SQLException {
        Tx.Mark mark = tx.mark();
        try (Statement st = tx.connection().createStatement()) {
            st.execute("SAVEPOINT loom_write");
            try {
                WriteResult result = apply(tx, w);
                tx.flush();
                st.execute("RELEASE SAVEPOINT loom_write");
                return result;
            } catch (SQLException e) {
                st.execute("ROLLBACK TO SAVEPOINT loom_write");
                st.execute("RELEASE SAVEPOINT loom_write");
                tx.restore(mark);
                if (PostgresFailures.isConstraint(e)) {
                    return new WriteResult.Rejected("the write conflicts with stored data: " + e.getMessage());
                }
                throw e;
            }
        }
    }

    private WriteResult apply(Tx tx, Write w) throws SQLException {
        if (tx.epoch(w.partition()) != w.epoch()) {
            return new WriteResult.Fenced(w.partition(), w.epoch());
        }
        return switch (w) {
            case Write.TurnCommit t -> turn(tx, t);
            case Write.StepRecorded s -> stepRecorded(tx, s);
            case Write.AttemptFailed a -> attemptFailed(tx, a);
            case Write.DeadLettered d -> deadLettered(tx, d);
            case Write.Acknowledged a -> acknowledged(tx, a);
            case Write.FireTimer f -> fireTimer(tx, f);
            case Write.SnapshotTaken s -> snapshotTaken(tx, s);
            case Write.Trim t -> trim(tx, t);
        };
    }

    private WriteResult turn(Tx tx, Write.TurnCommit t) throws SQLException {
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
        if (tx.queued(t.partition(), t.messageSeq()).isEmpty()) {
            return notQueued(t.partition(), t.messageSeq());
        }
        tx.removeMessage(t.partition(), t.messageSeq());
        tx.appendJournal(entry);
        for (Envelope send : t.sends()) {
            tx.enqueue(send, null);
        }
        IdempotencyRecord idem = t.idempotency();
        if (idem != null) {
            tx.putIdempotency(idem);
            tx.replied(t.partition());
        }
        if (snapshot != null) {
            putSnapshot(tx, snapshot, t.trimToSnapshot());
        }
        // Cancellations first, so a turn that cancels a reminder and schedules it anew keeps the new one.
        for (String name : t.cancelReminders()) {
            tx.flush();
            try (PreparedStatement ps = tx.connection().prepareStatement(Rows.DELETE_REMINDER)) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setString(3, name);
                ps.executeUpdate();
            }
        }
        for (TimerRequest timer : t.timers()) {
            tx.insertTimer(timer);
        }
        return WriteResult.APPLIED;
    }

    private WriteResult stepRecorded(Tx tx, Write.StepRecorded s) throws SQLException {
        Optional<Tx.Queued> q = tx.queued(s.partition(), s.messageSeq());
        if (q.isEmpty()) {
            return notQueued(s.partition(), s.messageSeq());
        }
        List<StepRecord> steps = new ArrayList<>(StepsColumn.read(q.get().steps()));
        for (StepRecord existing : steps) {
            if (existing.index() == s.step().index()) {
                return new WriteResult.Rejected("step " + s.step().index() + " of message " + s.messageSeq()
                        + " is already recorded (as '" + existing.name() + "')");
            }
        }
        steps.add(s.step());
        steps.sort(Comparator.comparingInt(StepRecord::index));
        String json = StepsColumn.write(steps);
        tx.flush();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "UPDATE messages SET steps = ? WHERE partition = ? AND seq = ?")) {
            ps.setString(1, json);
            ps.setInt(2, s.partition());
            ps.setLong(3, s.messageSeq());
            ps.executeUpdate();
        }
        tx.stepsChanged(s.partition(), s.messageSeq(), json);
        return WriteResult.APPLIED;
    }

    private WriteResult attemptFailed(Tx tx, Write.AttemptFailed a) throws SQLException {
        if (tx.queued(a.partition(), a.messageSeq()).isEmpty()) {
            return notQueued(a.partition(), a.messageSeq());
        }
        tx.flush();
        try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE messages SET attempts = ?, not_before = ?,"
                + " first_failed_at = coalesce(first_failed_at, ?), last_failed_at = ?, error_type = ?,"
                + " error_message = ?, error_stack = ? WHERE partition = ? AND seq = ?")) {
            ps.setInt(1, a.attempts());
            EpochNanos.bind(ps, 2, a.notBefore());
            EpochNanos.bind(ps, 3, a.failedAt());
            EpochNanos.bind(ps, 4, a.failedAt());
            ps.setString(5, a.error() == null ? null : a.error().type());
            ps.setString(6, a.error() == null ? null : a.error().message());
            ps.setString(7, a.error() == null ? null : a.error().stack());
            ps.setInt(8, a.partition());
            ps.setLong(9, a.messageSeq());
            ps.executeUpdate();
        }
        return WriteResult.APPLIED;
    }

    private WriteResult acknowledged(Tx tx, Write.Acknowledged a) throws SQLException {
        Optional<String> badTarget = range.problemWith(a.sends(), List.of());
        if (badTarget.isPresent()) {
            return new WriteResult.Rejected(badTarget.get());
        }
        if (tx.queued(a.partition(), a.messageSeq()).isEmpty()) {
            return notQueued(a.partition(), a.messageSeq());
        }
        tx.removeMessage(a.partition(), a.messageSeq());
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
        tx.flush();
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT 1 FROM dead_letters WHERE id = ?")) {
            ps.setString(1, d.deadLetter().id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new WriteResult.Rejected("a dead letter with id " + d.deadLetter().id() + " already exists");
                }
            }
        }
        if (tx.queued(d.partition(), d.messageSeq()).isEmpty()) {
            return notQueued(d.partition(), d.messageSeq());
        }
        tx.removeMessage(d.partition(), d.messageSeq());
        try (PreparedStatement ps = tx.connection().prepareStatement(Rows.INSERT_DEAD_LETTER)) {
            Rows.bindDeadLetter(ps, d.deadLetter());
            ps.executeUpdate();
        }
        tx.replied(d.partition());
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
        tx.flush();
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "DELETE FROM timers WHERE timer_id = ? AND partition = ?")) {
            ps.setLong(1, f.timerId());
            ps.setInt(2, f.partition());
            if (ps.executeUpdate() == 0) {
                return new WriteResult.Rejected("timer " + f.timerId() + " no longer exists in partition "
                        + f.partition() + " (already fired or cancelled)");
            }
        }
        for (Envelope e : deliver) {
            tx.enqueue(e, null);
        }
        for (TimerRequest t : next) {
            tx.insertTimer(t);
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
        tx.flush();
        long latestSnapshot;
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT coalesce(max(seq), 0) FROM snapshots"
                + " WHERE actor_type = ? AND actor_id = ?")) {
            ps.setString(1, actor.type());
            ps.setString(2, actor.id());
            try (ResultSet rs = ps.executeQuery()) {
                latestSnapshot = rs.next() ? rs.getLong(1) : 0;
            }
        }
        if (t.upToSeq() > latestSnapshot) {
            return new WriteResult.Rejected("cannot trim the journal of " + actor + " to seq " + t.upToSeq()
                    + ": its latest snapshot is at seq " + latestSnapshot
                    + " (trimming never removes entries newer than the latest snapshot)");
        }
        deleteJournal(tx, actor, t.upToSeq());
        return WriteResult.APPLIED;
    }

    private static void putSnapshot(Tx tx, Snapshot s, boolean trim) throws SQLException {
        tx.flush();
        ActorRef actor = s.actor();
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO snapshots (actor_type, actor_id, seq,"
                + " state, taken_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (actor_type, actor_id, seq)"
                + " DO UPDATE SET state = excluded.state, taken_at = excluded.taken_at")) {
            ps.setString(1, actor.type());
            ps.setString(2, actor.id());
            ps.setLong(3, s.seq());
            ps.setString(4, s.state());
            ps.setLong(5, EpochNanos.of(s.takenAt()));
            ps.executeUpdate();
        }
        if (trim) {
            deleteJournal(tx, actor, s.seq());
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "DELETE FROM snapshots WHERE actor_type = ? AND actor_id = ? AND seq < ?")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setLong(3, s.seq());
                ps.executeUpdate();
            }
        }
    }

    /** Deletes the actor's journal entries up to {@code seq}: one range of the primary key. */
    private static void deleteJournal(Tx tx, ActorRef actor, long seq) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "DELETE FROM journal WHERE actor_type = ? AND actor_id = ? AND seq <= ?")) {
            ps.setString(1, actor.type());
            ps.setString(2, actor.id());
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
    }

    private static WriteResult notQueued(int partition, long seq) {
        return new WriteResult.Rejected("message " + seq + " is no longer queued in partition " + partition);
    }
}
