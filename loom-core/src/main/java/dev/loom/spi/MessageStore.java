package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

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
     * Enqueues {@code message} unless the store already knows a message with the same idempotency key for the
     * same target; checking and enqueuing are one atomic step (not fenced, like {@link #enqueue}).
     *
     * <p><b>Known</b> means, looked up in this order for {@code (message.target(), message.idempotencyKey())}:
     * <ol>
     * <li>an idempotency record that exists at {@code now} (see {@link IdempotencyStore#find}) &mdash;
     *     {@link KnownMessage.Stage#COMMITTED} with the record's {@link IdempotencyRecord#messageId()};</li>
     * <li>a queued message with that target and key, whatever its attempts &mdash; {@link KnownMessage.Stage#QUEUED}
     *     with the id of the one with the smallest seq;</li>
     * <li>a pending timer whose message has that target and key &mdash; {@link KnownMessage.Stage#SCHEDULED} with
     *     the id of the one due first (smallest timer id among equal times).</li>
     * </ol>
     * Dead letters are not consulted: once the first message was dead-lettered, the key is free again.
     *
     * <p><b>Atomicity:</b> for calls of this method and {@link TimerStore#scheduleUnlessKnown} with the same target
     * and key, from any threads, processes or nodes using this store, at most one stores a message while none is
     * known; every other call answers the message that call stored (or the one known before). The check is also
     * atomic with respect to {@link Store#commit}: a {@link Write.TurnCommit} that removes the queued message and
     * inserts its idempotency record, or a {@link Write.FireTimer} that turns the timer into a queued message, is
     * seen either entirely or not at all, so a key is never found in neither place while its message moves.
     * Messages stored by {@link #enqueue}, {@link TimerStore#schedule} and fenced writes are not checked, but they
     * are found by later calls of this method.
     *
     * @param message the message to enqueue; it must have an idempotency key
     * @param now     the time against which idempotency records are checked for expiry
     * @return empty if the message was enqueued (durably, as by {@link #enqueue}); otherwise the known message,
     *         and nothing was stored
     * @throws IllegalArgumentException if the message has no idempotency key or names a partition the store does
     *                                  not have; nothing is stored
     * @throws StoreException           if the store cannot answer; then nothing is stored
     */
    Optional<KnownMessage> enqueueUnlessKnown(Envelope message, Instant now);

    /**
     * Up to {@code limit} queued messages of {@code partition} with seq greater than {@code afterSeq},
     * in ascending seq order, with their delivery bookkeeping.
     */
    List<StoredMessage> fetch(int partition, long afterSeq, int limit);

    /**
     * Waits up to {@code timeout} for messages of {@code partition} that may have been enqueued since the caller's
     * last {@link #fetch}, so that a partition worker hears of messages other nodes enqueued sooner than its poll
     * interval. A hint only: it may return early with nothing new and may sleep the whole timeout although
     * something arrived, so the caller always fetches afterwards.
     *
     * <p>Returns early also when the calling thread is unparked ({@link LockSupport#unpark}) or interrupted (its
     * interrupt status is kept), which is how the runtime wakes its own workers after a local enqueue. The default
     * parks for {@code timeout}: stores whose writers all live in this process need nothing more. A store shared by
     * several nodes may return as soon as it learns of a commit to the partition elsewhere (PostgreSQL: a
     * {@code NOTIFY}).
     *
     * @param partition the partition the caller reads
     * @param timeout   the longest wait; zero or negative returns at once
     */
    default void awaitMessages(int partition, Duration timeout) {
        if (!timeout.isNegative() && !timeout.isZero()) {
            LockSupport.parkNanos(timeout.toNanos());
        }
    }

    /** Messages queued for one actor, in seq order (for inspection). */
    List<StoredMessage> forActor(ActorRef actor, int limit);

    /** Depth, oldest age and pending timers per queue (actor type); queues with neither are omitted. */
    List<QueueStats> stats();

    /**
     * The backlog of each of {@code partitions}: one entry per partition, in the order given, with
     * {@code pending == 0} for a partition with nothing queued. Timers not yet due are not counted.
     *
     * <p>The default reads each partition's messages through {@link #fetch}, which costs one read per thousand
     * queued messages; stores should answer with one aggregate query instead.
     *
     * @throws IllegalArgumentException if a partition is negative
     * @throws StoreException           if the store cannot answer
     */
    default List<PartitionBacklog> backlog(Collection<Integer> partitions) {
        List<PartitionBacklog> out = new ArrayList<>();
        for (int partition : partitions) {
            if (partition < 0) {
                throw new IllegalArgumentException("partition must be >= 0: " + partition);
            }
            long pending = 0;
            Instant oldest = null;
            long after = 0;
            while (true) {
                List<StoredMessage> page = fetch(partition, after, 1000);
                for (StoredMessage m : page) {
                    pending++;
                    Instant at = m.envelope().enqueuedAt();
                    oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
                }
                if (page.size() < 1000) {
                    break;
                }
                after = page.getLast().seq();
            }
            out.add(new PartitionBacklog(partition, pending, oldest));
        }
        return out;
    }
}
