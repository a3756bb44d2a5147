package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.MessageStore;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The inbox in the {@code messages} table. Enqueues go through the group committer; a fetch reads one partition
 * from a cursor, which misses nothing because seqs of a partition become visible in seq order (see the package
 * documentation). {@link #awaitMessages} returns on a {@code NOTIFY} from any node.
 */
final class PostgresMessageStore implements MessageStore {
    private final Database db;
    private final GroupCommitter committer;
    private final Notifier notifier;
    private final KeyLookup keys;
    private final PartitionRange range;

    PostgresMessageStore(Database db, GroupCommitter committer, Notifier notifier, KeyLookup keys,
                         PartitionRange range) {
        this.db = db;
        this.committer = committer;
        this.notifier = notifier;
        this.keys = keys;
        this.range = range;
    }

    /** @throws IllegalArgumentException if a message names a partition the store does not have */
    @Override
    @SuppressWarnings("unchecked")
    public List<Long> enqueue(List<Envelope> messages) {
        db.checkOpen();
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Envelope> copy = List.copyOf(messages);
        range.check(copy, List.of());
        return (List<Long>) committer.submit(new WriteApplier.Enqueue(copy));
    }

    /**
     * Checks and enqueues in one transaction of its own (see {@link KeyLookup}).
     *
     * @throws IllegalArgumentException if the message has no key or names a partition the store does not have
     */
    @Override
    public Optional<KnownMessage> enqueueUnlessKnown(Envelope message, Instant now) {
        String key = KeyLookup.requireKey(message);
        range.check(List.of(message), List.of());
        Optional<KnownMessage> known = db.transaction("enqueue a keyed message", c -> {
            Optional<KnownMessage> found = keys.lockAndFind(c, message.target(), key, now);
            if (found.isEmpty()) {
                insert(c, List.of(message), List.of());
            }
            return found;
        });
        if (known.isEmpty()) {
            notifier.changed(Set.of(message.partition()));
        }
        return known;
    }

    /**
     * Inserts fresh messages outside the group committer, with the same ordering discipline: the destination
     * partitions' rows are locked before the seqs are taken (see {@link Tx#takeSeqs}).
     *
     * @param steps recorded steps per message (redrive keeps them), or an empty list for none
     */
    static List<Long> insert(Connection c, List<Envelope> messages, List<List<StepRecord>> steps) throws SQLException {
        List<Long> seqs = Tx.takeSeqs(c, partitionsOf(messages), messages.size());
        try (PreparedStatement ps = c.prepareStatement(Rows.INSERT_FRESH_MESSAGE)) {
            for (int i = 0; i < messages.size(); i++) {
                Rows.bindFreshMessage(ps, seqs.get(i), messages.get(i), steps.isEmpty() ? null : steps.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return seqs;
    }

    @Override
    public List<StoredMessage> fetch(int partition, long afterSeq, int limit) {
        if (limit <= 0) {
            db.checkOpen();
            return List.of();
        }
        return db.read("read partition " + partition, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE partition = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setInt(1, partition);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return messages(ps);
            }
        });
    }

    @Override
    public void awaitMessages(int partition, Duration timeout) {
        db.checkOpen();
        notifier.await(partition, timeout);
    }

    @Override
    public List<StoredMessage> forActor(ActorRef actor, int limit) {
        if (limit <= 0) {
            db.checkOpen();
            return List.of();
        }
        return db.read("list the messages of " + actor, c -> {
            // An envelope's partition is its target's (the SPI's contract), so one partition's range of the
            // primary key holds all of an actor's messages; no index by actor is kept (see Migrations, version 2).
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE partition = ? AND actor_type = ? AND actor_id = ? ORDER BY seq LIMIT ?")) {
                ps.setInt(1, Partitioner.partitionOf(actor, range.count()));
                ps.setString(2, actor.type());
                ps.setString(3, actor.id());
                ps.setInt(4, limit);
                return messages(ps);
            }
        });
    }

    @Override
    public List<QueueStats> stats() {
        return db.read("read queue statistics", c -> {
            Map<String, QueueStats> byQueue = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT actor_type, count(*), min(enqueued_at) FROM messages"
                    + " GROUP BY actor_type"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byQueue.put(rs.getString(1), new QueueStats(rs.getString(1), rs.getLong(2),
                            EpochNanos.read(rs, 3), 0));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT actor_type, count(*) FROM timers GROUP BY actor_type");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String queue = rs.getString(1);
                    QueueStats known = byQueue.get(queue);
                    byQueue.put(queue, known == null
                            ? new QueueStats(queue, 0, null, rs.getLong(2))
                            : new QueueStats(queue, known.depth(), known.oldestEnqueued(), rs.getLong(2)));
                }
            }
            return List.copyOf(byQueue.values());
        });
    }

    @Override
    public List<PartitionBacklog> backlog(Collection<Integer> partitions) {
        return db.read("read partition backlogs", c -> {
            Map<Integer, PartitionBacklog> found = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT partition, count(*), min(enqueued_at) FROM messages"
                    + " GROUP BY partition"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getInt(1), new PartitionBacklog(rs.getInt(1), rs.getLong(2), EpochNanos.read(rs, 3)));
                }
            }
            return PartitionBacklog.inOrder(partitions, found);
        });
    }

    private static List<StoredMessage> messages(PreparedStatement ps) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Rows.message(rs));
            }
        }
        return out;
    }

    /** Partitions of {@code messages}, for notifications. */
    static Set<Integer> partitionsOf(Collection<Envelope> messages) {
        Set<Integer> out = new TreeSet<>();
        messages.forEach(m -> out.add(m.partition()));
        return out;
    }
}
