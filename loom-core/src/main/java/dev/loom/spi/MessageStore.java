package dev.loom.spi;

import java.util.List;

/**
 * The deliverable messages of all partitions (the inbox). Messages leave it only through a fenced
 * {@link Write}: a turn's commit, an acknowledgement or a move to the dead-letter queue.
 */
public interface MessageStore {
    /**
     * Durably enqueues messages (not fenced: any node or client may enqueue for any actor). When this
     * returns, every message is stored; when it throws, none is.
     *
     * <p><b>Visibility order:</b> within one partition, a message with a larger seq never becomes visible
     * to {@link #fetch} before one with a smaller seq; so a reader that remembers the largest seq it has
     * seen misses nothing by asking only for larger ones.
     *
     * @return the assigned seqs, in the order of {@code messages}
     * @throws StoreException if the store cannot take them
     */
    List<Long> enqueue(List<Envelope> messages);

    /**
     * Up to {@code limit} queued messages of {@code partition} with seq greater than {@code afterSeq},
     * in ascending seq order, with their delivery bookkeeping.
     */
    List<StoredMessage> fetch(int partition, long afterSeq, int limit);

    /** Messages queued for one actor, in seq order (for inspection). */
    List<StoredMessage> forActor(dev.loom.actor.ActorRef actor, int limit);

    /** Depth, oldest age and pending timers per queue (actor type); queues with neither are omitted. */
    List<QueueStats> stats();
}
