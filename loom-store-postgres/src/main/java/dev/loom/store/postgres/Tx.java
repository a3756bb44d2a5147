package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.StepRecord;
import dev.loom.spi.TimerRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One group-commit transaction: what it locked and read up front, and the rows it buffers for multi-row statements.
 *
 * <p><b>Up front, in a fixed lock order</b> (so that concurrent transactions of any nodes cannot deadlock on them):
 * <ol>
 *   <li>the lease rows of every partition a write names, {@code FOR KEY SHARE}: the epochs cannot change until
 *       this transaction ends, and an {@code acquire} (which locks the row {@code FOR UPDATE}) waits for it, so
 *       once a takeover returned, no transaction still holding the old epoch can commit; renewals (an
 *       {@code UPDATE} of {@code expires_at} only) do not wait for it;</li>
 *   <li>the {@code partitions} rows of every partition the batch may insert messages into, {@code FOR UPDATE};
 *       then the seqs for all those messages from {@code message_seq}. Holding the row from before taking seqs until
 *       commit means transactions inserting into one partition take their seqs in the order they commit;</li>
 *   <li>the queued messages the unfenced writes read or change in place (recorded steps, failed attempts),
 *       {@code FOR UPDATE}: a message this transaction saw cannot be removed by another before it commits. Messages
 *       the writes only remove (turns, acknowledgements, dead letters) are <em>assumed</em> queued instead of read
 *       (see {@link #assumeQueued}): the {@code DELETE} that removes them counts the rows it found, and a shortfall
 *       fails the batch with {@link AssumptionFailed} before it commits, so the committer runs it again with every
 *       named message read ({@link #verifies()});</li>
 *   <li>the journal heads of the actors the unfenced writes append to.</li>
 * </ol>
 * The writes are then checked against this model in list order (so a later write sees an earlier one's effects)
 * and their common rows (acknowledgements, journal entries, messages, idempotency records) are buffered and sent
 * as a few multi-row statements; anything else is flushed first and runs at once.
 */
final class Tx {
    /** A queued message as this transaction knows it. */
    record Queued(boolean present, String steps) {
    }

    record MessageKey(int partition, long seq) {
    }

    private static final String UPSERT_IDEMPOTENCY = "INSERT INTO idempotency (actor_type, actor_id, key, message_id,"
            + " reply, committed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (actor_type, actor_id, key)"
            + " DO UPDATE SET message_id = excluded.message_id, reply = excluded.reply,"
            + " committed_at = excluded.committed_at, expires_at = excluded.expires_at"
            + " WHERE idempotency.expires_at < excluded.committed_at";
    private static final String DELETE_MESSAGES = "DELETE FROM messages m USING unnest(?::int[], ?::bigint[]) AS d(p, s)"
            + " WHERE m.partition = d.p AND m.seq = d.s";
    /** SQLSTATE of a buffered statement that changed fewer rows than the model promised (integrity class 23). */
    static final String MODEL_CONFLICT = "23000";

    /**
     * A transaction that assumed the messages its writes remove were queued found fewer of them than it removed
     * (a turn for a message already handled, say). Nothing of the batch is committed; running it again with
     * {@link #verifies()} answers those writes {@code Rejected}.
     */
    static final class AssumptionFailed extends SQLException {
        AssumptionFailed(int removed, int assumed) {
            super("removed " + removed + " of " + assumed + " messages that this transaction assumed were queued;"
                    + " the batch runs again with every message it names read first", MODEL_CONFLICT);
        }
    }

    private final Connection c;
    private final boolean isolated;
    private final boolean verifies;
    private final Map<Integer, Long> epochs = new HashMap<>();
    private Map<MessageKey, Queued> queued = new HashMap<>();
    private Map<ActorRef, Long> lastSeqs = new HashMap<>();
    private final Map<ActorRef, Integer> headPartitions = new HashMap<>();
    private final ArrayDeque<Long> seqs = new ArrayDeque<>();
    private final Set<Integer> inserted = new TreeSet<>();
    private final Set<Integer> replied = new TreeSet<>();
    private final Set<MessageKey> assumed = new HashSet<>();
    private int assumedRemoved;

    private final List<Integer> deletePartitions = new ArrayList<>();
    private final List<Long> deleteSeqs = new ArrayList<>();
    private final UnnestInsert journal = new UnnestInsert("journal", "actor_type, actor_id, seq, message_id,"
            + " message_type, idempotency_key, patch, traceparent, committed_at",
            "text", "text", "int8", "text", "text", "text", "text", "text", "int8");
    private final UnnestInsert messages = new UnnestInsert("messages", "partition, seq, message_id, actor_type,"
            + " actor_id, message_type, payload, idempotency_key, sender, traceparent, enqueued_at, steps",
            "int4", "int8", "text", "text", "text", "text", "text", "text", "text", "text", "int8", "text");
    private PreparedStatement idempotency;
    private final Set<List<String>> idempotencyKeys = new HashSet<>();

    /**
     * @param isolated whether each write runs in a savepoint of its own
     * @param verifies whether every message a write names is read and locked, none assumed queued
     */
    Tx(Connection c, boolean isolated, boolean verifies) {
        this.c = c;
        this.isolated = isolated;
        this.verifies = verifies || isolated;
    }

    Connection connection() {
        return c;
    }

    /** Whether each write runs in a savepoint of its own (the retry of a batch that failed as a whole). */
    boolean isolated() {
        return isolated;
    }

    /** Whether every named message is read and locked ({@link #lockMessages}) rather than assumed queued. */
    boolean verifies() {
        return verifies;
    }

    /**
     * Locks the lease rows of {@code partitions} FOR KEY SHARE and remembers their epochs. That lock conflicts with
     * {@code acquire}'s FOR UPDATE (so a takeover waits for this transaction) but not with the renewals' and
     * releases' UPDATE of {@code expires_at}, which leave the epoch alone.
     */
    void lockEpochs(Collection<Integer> partitions) throws SQLException {
        if (partitions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT partition, holder, epoch FROM leases"
                + " WHERE partition = ANY(?) ORDER BY partition FOR KEY SHARE")) {
            ps.setArray(1, ints(partitions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    epochs.put(rs.getInt(1), rs.getString(2) == null ? -1 : rs.getLong(3));
                }
            }
        }
    }

    /** The partition's epoch as locked by {@link #lockEpochs}; -1 when it was never leased or does not exist. */
    long epoch(int partition) {
        return epochs.getOrDefault(partition, -1L);
    }

    /**
     * Locks the {@code partitions} rows of the destination partitions, then takes {@code count} seqs. Seqs are
     * handed out in ascending order, so the messages of one call are numbered in list order.
     */
    void reserveSeqs(Collection<Integer> partitions, int count) throws SQLException {
        if (count == 0) {
            return;
        }
        seqs.addAll(takeSeqs(c, partitions, count));
    }

    /**
     * Locks the rows of {@code partitions} in {@code partitions} {@code FOR UPDATE} (ascending) and then takes
     * {@code count} seqs from {@code message_seq}, ascending, in one statement: the lock is the subquery of a
     * one-time filter, which the server evaluates before the first row, hence before the first {@code nextval}.
     * The caller's transaction holds the locks until it ends (see the package documentation).
     */
    static List<Long> takeSeqs(Connection c, Collection<Integer> partitions, int count) throws SQLException {
        List<Long> taken = new ArrayList<>(count);
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('message_seq') FROM generate_series(1, ?)"
                + " WHERE (SELECT count(*) FROM (SELECT partition FROM partitions WHERE partition = ANY(?)"
                + " ORDER BY partition FOR UPDATE) AS locked) >= 0")) {
            ps.setInt(1, count);
            ps.setArray(2, c.createArrayOf("int4", partitions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getLong(1));
                }
            }
        }
        taken.sort(null);
        return taken;
    }

    /** Locks the named messages FOR UPDATE and remembers which are queued, with their recorded steps. */
    void lockMessages(Collection<MessageKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        List<Integer> partitions = new ArrayList<>(keys.size());
        List<Long> seqList = new ArrayList<>(keys.size());
        for (MessageKey k : keys) {
            partitions.add(k.partition());
            seqList.add(k.seq());
            queued.put(k, new Queued(false, null));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT m.partition, m.seq, m.steps FROM messages m"
                + " JOIN unnest(?::int[], ?::bigint[]) AS d(p, s) ON m.partition = d.p AND m.seq = d.s"
                + " ORDER BY m.partition, m.seq FOR UPDATE OF m")) {
            ps.setArray(1, ints(partitions));
            ps.setArray(2, c.createArrayOf("bigint", seqList.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    queued.put(new MessageKey(rs.getInt(1), rs.getLong(2)), new Queued(true, rs.getString(3)));
                }
            }
        }
    }

    /**
     * Finds the journal heads of {@code actors} (each with its partition): those {@code known} remembers for the
     * partition's locked epoch, unless this is an isolated rerun, and the rest read from the database (the larger of
     * the newest entry and the newest snapshot).
     */
    void loadLastSeqs(Map<ActorRef, Integer> actors, JournalHeads known) throws SQLException {
        if (actors.isEmpty()) {
            return;
        }
        List<String> types = new ArrayList<>(actors.size());
        List<String> ids = new ArrayList<>(actors.size());
        for (Map.Entry<ActorRef, Integer> e : actors.entrySet()) {
            ActorRef a = e.getKey();
            headPartitions.put(a, e.getValue());
            OptionalLong head = isolated ? OptionalLong.empty() : known.get(e.getValue(), epoch(e.getValue()), a);
            if (head.isPresent()) {
                lastSeqs.put(a, head.getAsLong());
                continue;
            }
            types.add(a.type());
            ids.add(a.id());
            lastSeqs.put(a, 0L);
        }
        if (types.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT d.t, d.i, greatest("
                + "coalesce((SELECT max(j.seq) FROM journal j WHERE j.actor_type = d.t AND j.actor_id = d.i), 0),"
                + " coalesce((SELECT max(s.seq) FROM snapshots s WHERE s.actor_type = d.t AND s.actor_id = d.i), 0))"
                + " FROM unnest(?::text[], ?::text[]) AS d(t, i)")) {
            ps.setArray(1, c.createArrayOf("text", types.toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastSeqs.put(new ActorRef(rs.getString(1), rs.getString(2)), rs.getLong(3));
                }
            }
        }
    }

    /** After commit: hands the heads this transaction read or wrote, under their partitions' epochs, to {@code known}. */
    void rememberHeads(JournalHeads known) {
        for (Map.Entry<ActorRef, Integer> e : headPartitions.entrySet()) {
            Long head = lastSeqs.get(e.getKey());
            long epoch = epoch(e.getValue());
            if (head != null && epoch >= 0) {
                known.put(e.getValue(), epoch, e.getKey(), head);
            }
        }
    }

    long lastSeq(ActorRef actor) {
        Long last = lastSeqs.get(actor);
        if (last == null) {
            throw new IllegalStateException("the journal head of " + actor + " was not loaded for this transaction");
        }
        return last;
    }

    /**
     * Takes the messages that writes will only remove as queued, with no steps, without reading them: the fenced
     * lease row already keeps every other writer of their partition out, so they are missing only when a write names
     * a message that was handled before. The {@code DELETE} of {@link #flush} checks the assumption; keys already
     * read by {@link #lockMessages} keep what was read.
     */
    void assumeQueued(Collection<MessageKey> keys) {
        for (MessageKey k : keys) {
            if (queued.putIfAbsent(k, new Queued(true, null)) == null) {
                assumed.add(k);
            }
        }
    }

    /** The message if it is queued now, in this transaction's view. */
    Optional<Queued> queued(int partition, long seq) {
        Queued q = queued.get(new MessageKey(partition, seq));
        return q != null && q.present() ? Optional.of(q) : Optional.empty();
    }

    /** Records new steps of a queued message (the caller updates the row). */
    void stepsChanged(int partition, long seq, String steps) {
        queued.put(new MessageKey(partition, seq), new Queued(true, steps));
    }

    /** Removes a queued message (buffered). */
    void removeMessage(int partition, long seq) {
        MessageKey key = new MessageKey(partition, seq);
        queued.put(key, new Queued(false, null));
        if (assumed.contains(key)) {
            assumedRemoved++;
        }
        deletePartitions.add(partition);
        deleteSeqs.add(seq);
    }

    /** Appends a journal entry (buffered); the caller checked that it follows {@link #lastSeq}. */
    void appendJournal(JournalEntry e) {
        ActorRef a = e.actor();
        journal.add(a.type(), a.id(), e.seq(), e.messageId(), e.messageType(), e.idempotencyKey(), e.patch(),
                e.traceparent(), EpochNanos.of(e.committedAt()));
        lastSeqs.put(a, e.seq());
    }

    /** Enqueues a message (buffered) under a reserved seq and returns the seq. */
    long enqueue(Envelope e, List<StepRecord> steps) {
        Long seq = seqs.poll();
        if (seq == null) {
            throw new IllegalStateException("no message seq was reserved for " + e.messageId());
        }
        messages.add(e.partition(), seq, e.messageId(), e.target().type(), e.target().id(), e.messageType(),
                e.payload(), e.idempotencyKey(), e.sender(), e.traceparent(), EpochNanos.of(e.enqueuedAt()),
                StepsColumn.write(steps));
        inserted.add(e.partition());
        return seq;
    }

    /** Inserts an idempotency record (buffered), or replaces an expired one. */
    void putIdempotency(IdempotencyRecord r) throws SQLException {
        // One multi-row INSERT .. ON CONFLICT may not touch a row twice, so a key seen in the buffer flushes it first.
        if (!idempotencyKeys.add(List.of(r.actor().type(), r.actor().id(), r.key()))) {
            flush();
            idempotencyKeys.add(List.of(r.actor().type(), r.actor().id(), r.key()));
        }
        if (idempotency == null) {
            idempotency = c.prepareStatement(UPSERT_IDEMPOTENCY);
        }
        idempotency.setString(1, r.actor().type());
        idempotency.setString(2, r.actor().id());
        idempotency.setString(3, r.key());
        idempotency.setString(4, r.messageId());
        idempotency.setString(5, r.reply());
        idempotency.setLong(6, EpochNanos.of(r.committedAt()));
        idempotency.setLong(7, EpochNanos.of(r.expiresAt()));
        idempotency.addBatch();
    }

    /** Stores a timer under a new id; a reminder first replaces the actor's pending reminder of that name. */
    void insertTimer(TimerRequest request) throws SQLException {
        flush();
        TimerWrites.insert(c, request);
    }

    /** Sends everything buffered: acknowledgements, journal entries, messages, idempotency records, in that order. */
    void flush() throws SQLException {
        if (!deleteSeqs.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(DELETE_MESSAGES)) {
                ps.setArray(1, ints(deletePartitions));
                ps.setArray(2, c.createArrayOf("bigint", deleteSeqs.toArray()));
                int deleted = ps.executeUpdate();
                if (deleted != deleteSeqs.size() && assumedRemoved > 0) {
                    throw new AssumptionFailed(deleted, deleteSeqs.size());
                }
                if (deleted != deleteSeqs.size()) {
                    throw new SQLException("removed " + deleted + " of " + deleteSeqs.size() + " messages that this"
                            + " transaction had locked as queued", MODEL_CONFLICT);
                }
            }
            deletePartitions.clear();
            deleteSeqs.clear();
            assumedRemoved = 0;
        }
        journal.execute(c);
        messages.execute(c);
        if (!idempotencyKeys.isEmpty()) {
            idempotency.executeBatch();
            idempotencyKeys.clear();
        }
    }

    /** A turn with an idempotency record or a dead letter was written to {@code partition} (for the reply hint). */
    void replied(int partition) {
        replied.add(partition);
    }

    /** The partitions that got replies or dead letters, for the reply notifications after commit. */
    Set<Integer> repliedPartitions() {
        return replied;
    }

    /** The partitions that got messages, for the wake-up notifications after commit. */
    Set<Integer> insertedPartitions() {
        return inserted;
    }

    /** What {@link #restore} needs to undo one write rolled back to its savepoint. */
    record Mark(Map<MessageKey, Queued> queued, Map<ActorRef, Long> lastSeqs) {
    }

    Mark mark() {
        return new Mark(new HashMap<>(queued), new HashMap<>(lastSeqs));
    }

    /** Forgets the model changes and buffered rows of a write whose savepoint was rolled back. */
    void restore(Mark mark) throws SQLException {
        queued = mark.queued();
        lastSeqs = mark.lastSeqs();
        deletePartitions.clear();
        deleteSeqs.clear();
        assumedRemoved = 0;
        idempotencyKeys.clear();
        journal.clear();
        messages.clear();
        if (idempotency != null) {
            idempotency.clearBatch();
        }
    }

    /** Closes the buffered statement. */
    void close() {
        if (idempotency != null) {
            try {
                idempotency.close();
            } catch (SQLException ignored) {
                // closing a statement of a connection that is being returned or discarded anyway
            }
        }
    }

    private Array ints(Collection<Integer> values) throws SQLException {
        return c.createArrayOf("int4", values.toArray());
    }
}
