package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.MessageStore;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import dev.loom.spi.StoredMessage;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inbox in the {@code messages} table. Enqueues from many threads are batched by the writer into shared
 * transactions; seqs are assigned inside the transaction, which is why a message with a larger seq of a
 * partition is never visible before one with a smaller seq (see {@link Writer}).
 */
final class SqliteMessageStore implements MessageStore {
    private final Writer writer;
    private final Readers readers;
    private final PartitionRange range;

    SqliteMessageStore(Writer writer, Readers readers, PartitionRange range) {
        this.writer = writer;
        this.readers = readers;
        this.range = range;
    }

    /** @throws IllegalArgumentException if a message names a partition the store does not have */
    @Override
    public List<Long> enqueue(List<Envelope> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Envelope> copy = List.copyOf(messages);
        range.check(copy, List.of());
        return writer.submit(tx -> {
            List<Long> seqs = new ArrayList<>(copy.size());
            for (Envelope e : copy) {
                seqs.add(tx.enqueue(e, null));
            }
            return seqs;
        }, copy.size());
    }

    /**
     * Checks and enqueues in one writer task, so in one transaction under the file's write lock (see {@link KeyLookup}).
     *
     * @throws IllegalArgumentException if the message has no key or names a partition the store does not have
     */
    @Override
    public Optional<KnownMessage> enqueueUnlessKnown(Envelope message, Instant now) {
        String key = KeyLookup.requireKey(message);
        range.check(List.of(message), List.of());
        return writer.submit(tx -> {
            Optional<KnownMessage> known = KeyLookup.find(tx, message.target(), key, now);
            if (known.isEmpty()) {
                tx.enqueue(message, null);
            }
            return known;
        }, 1);
    }

    @Override
    public List<StoredMessage> fetch(int partition, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read(st -> {
            List<StoredMessage> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT " + MessageRows.COLUMNS + " FROM messages"
                    + " WHERE partition = ? AND seq > ? ORDER BY seq LIMIT ?", partition, afterSeq, limit).executeQuery()) {
                while (rs.next()) {
                    out.add(MessageRows.read(rs));
                }
            }
            return out;
        });
    }

    /**
     * Scans the whole inbox: there is deliberately no index by actor, because such an index is updated at
     * random places by every enqueue and every turn and roughly halved enqueue throughput in measurements.
     * This method serves inspection, not the hot path.
     */
    @Override
    public List<StoredMessage> forActor(ActorRef actor, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read(st -> {
            List<StoredMessage> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT " + MessageRows.COLUMNS + " FROM messages"
                            + " WHERE actor_type = ? AND actor_id = ? ORDER BY seq LIMIT ?", actor.type(), actor.id(), limit)
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(MessageRows.read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<QueueStats> stats() {
        return readers.read(st -> {
            Map<String, QueueStats> byQueue = new TreeMap<>();
            try (ResultSet rs = st.get("SELECT actor_type, count(*), min(enqueued_at) FROM messages"
                    + " GROUP BY actor_type").executeQuery()) {
                while (rs.next()) {
                    byQueue.put(rs.getString(1), new QueueStats(rs.getString(1), rs.getLong(2),
                            EpochNanos.read(rs, 3), 0));
                }
            }
            try (ResultSet rs = st.get("SELECT actor_type, count(*) FROM timers GROUP BY actor_type").executeQuery()) {
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
        return readers.read(st -> {
            Map<Integer, PartitionBacklog> found = new TreeMap<>();
            try (ResultSet rs = st.get("SELECT partition, count(*), min(enqueued_at) FROM messages GROUP BY partition")
                    .executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getInt(1), new PartitionBacklog(rs.getInt(1), rs.getLong(2), EpochNanos.read(rs, 3)));
                }
            }
            return PartitionBacklog.inOrder(partitions, found);
        });
    }
}
