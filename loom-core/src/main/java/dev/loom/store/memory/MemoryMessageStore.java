package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.MessageStore;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

final class MemoryMessageStore implements MessageStore {
    private final Access access;
    private final MemoryState state;

    MemoryMessageStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    /** @throws IllegalArgumentException if a message names a partition the store does not have; none is stored */
    @Override
    public List<Long> enqueue(List<Envelope> messages) {
        return access.call(() -> {
            for (Envelope e : messages) {
                String bad = state.partitionProblem(e);
                if (bad != null) {
                    throw new IllegalArgumentException(bad);
                }
            }
            List<Long> seqs = new ArrayList<>(messages.size());
            for (Envelope e : messages) {
                seqs.add(state.enqueue(e, Delivery.fresh()));
            }
            return seqs;
        });
    }

    /** @throws IllegalArgumentException if the message has no key or names a partition the store does not have */
    @Override
    public Optional<KnownMessage> enqueueUnlessKnown(Envelope message, Instant now) {
        String key = MemoryState.requireKey(message);
        return access.call(() -> {
            String bad = state.partitionProblem(message);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            Optional<KnownMessage> known = state.known(message.target(), message.partition(), key, now);
            if (known.isEmpty()) {
                state.enqueue(message, Delivery.fresh());
            }
            return known;
        });
    }

    @Override
    public List<StoredMessage> fetch(int partition, long afterSeq, int limit) {
        return access.call(() -> state.queue(partition).tailMap(afterSeq, false).values().stream()
                .limit(limit).toList());
    }

    @Override
    public List<StoredMessage> forActor(ActorRef actor, int limit) {
        return access.call(() -> state.queues.values().stream()
                .flatMap(q -> q.values().stream())
                .filter(m -> m.envelope().target().equals(actor))
                .sorted(Comparator.comparingLong(StoredMessage::seq))
                .limit(limit).toList());
    }

    @Override
    public List<QueueStats> stats() {
        return access.call(() -> {
            Map<String, QueueStats> byQueue = new TreeMap<>();
            for (Map<Long, StoredMessage> queue : state.queues.values()) {
                for (StoredMessage m : queue.values()) {
                    Instant at = m.envelope().enqueuedAt();
                    byQueue.merge(m.envelope().target().type(), new QueueStats(m.envelope().target().type(), 1, at, 0),
                            MemoryMessageStore::sum);
                }
            }
            for (Timer t : state.timers.values()) {
                String type = t.envelope().target().type();
                byQueue.merge(type, new QueueStats(type, 0, null, 1), MemoryMessageStore::sum);
            }
            return List.copyOf(byQueue.values());
        });
    }

    @Override
    public List<PartitionBacklog> backlog(Collection<Integer> partitions) {
        return access.call(() -> {
            Map<Integer, PartitionBacklog> found = new TreeMap<>();
            for (Map<Long, StoredMessage> queue : state.queues.values()) {
                for (StoredMessage m : queue.values()) {
                    int p = m.envelope().partition();
                    Instant at = m.envelope().enqueuedAt();
                    PartitionBacklog known = found.get(p);
                    found.put(p, known == null ? new PartitionBacklog(p, 1, at) : new PartitionBacklog(p,
                            known.pending() + 1, at.isBefore(known.oldestEnqueued()) ? at : known.oldestEnqueued()));
                }
            }
            return PartitionBacklog.inOrder(partitions, found);
        });
    }

    private static QueueStats sum(QueueStats a, QueueStats b) {
        Instant oldest = a.oldestEnqueued() == null ? b.oldestEnqueued()
                : b.oldestEnqueued() == null || a.oldestEnqueued().isBefore(b.oldestEnqueued())
                        ? a.oldestEnqueued() : b.oldestEnqueued();
        return new QueueStats(a.queue(), a.depth() + b.depth(), oldest, a.timers() + b.timers());
    }
}
