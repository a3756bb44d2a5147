package dev.loom.runtime;

import dev.loom.spi.MessageStore;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one held partition's messages to its actors. It reads the partition's queue in seq order from a
 * cursor (the store guarantees per-partition visibility order, so nothing is skipped), keeps at most a
 * bounded number of messages in memory, and wakes at once when this node enqueues to the partition, when the
 * store reports messages from other nodes ({@link dev.loom.spi.MessageStore#awaitMessages}), or otherwise after a
 * poll interval that doubles while the partition stays empty, up to the idle poll interval: an idle node sleeps
 * instead of querying every partition ten times a second, and a local send still wakes its worker at once.
 */
final class PartitionWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);

    final int partition;
    final long epoch;
    private final MessageStore messages;
    private final BiConsumer<PartitionWorker, StoredMessage> dispatch;
    private final AtomicInteger nodeInFlight;
    private final int maxBuffered;
    private final int fetchBatch;
    private final long pollNanos;
    private final long idlePollNanos;
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean active = true;
    private volatile Thread thread;
    private long cursor;

    /**
     * @param dispatch     where fetched messages go (the actor pool)
     * @param nodeInFlight the node's count of running turns, kept with this partition's
     */
    PartitionWorker(int partition, long epoch, int maxBuffered, int fetchBatch, Duration poll, Duration idlePoll,
                    MessageStore messages, BiConsumer<PartitionWorker, StoredMessage> dispatch, AtomicInteger nodeInFlight) {
        this.messages = messages;
        this.dispatch = dispatch;
        this.nodeInFlight = nodeInFlight;
        this.partition = partition;
        this.epoch = epoch;
        this.maxBuffered = maxBuffered;
        this.fetchBatch = fetchBatch;
        this.pollNanos = poll.toNanos();
        this.idlePollNanos = Math.max(pollNanos, idlePoll.toNanos());
    }

    void start() {
        thread = Thread.ofVirtual().name("loom-partition-" + partition).start(this::loop);
    }

    boolean isActive() {
        return active;
    }

    /** Stops fetching; actors finish their running turn and stop. */
    void stop() {
        active = false;
        signal();
    }

    /** Wakes the worker to fetch now. */
    void signal() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** A buffered message left the mailbox. */
    void completed() {
        if (buffered.decrementAndGet() == maxBuffered / 2) {
            signal();
        }
    }

    void turnStarted() {
        inFlight.incrementAndGet();
        nodeInFlight.incrementAndGet();
    }

    void turnEnded() {
        inFlight.decrementAndGet();
        nodeInFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    private void loop() {
        long backoffMs = 50;
        long waitNanos = pollNanos;
        while (active) {
            boolean more = false;
            int room = maxBuffered - buffered.get();
            if (room > 0) {
                try {
                    int want = Math.min(room, fetchBatch);
                    List<StoredMessage> batch = messages.fetch(partition, cursor, want);
                    for (StoredMessage m : batch) {
                        if (!active) {
                            return;
                        }
                        cursor = m.seq();
                        buffered.incrementAndGet();
                        dispatch.accept(this, m);
                    }
                    more = batch.size() == want;
                    waitNanos = batch.isEmpty() ? Math.min(waitNanos * 2, idlePollNanos) : pollNanos;
                    backoffMs = 50;
                } catch (StoreException e) {
                    LOG.warn("cannot read partition {}: {}; retrying in {} ms", partition, e.getMessage(), backoffMs);
                    LockSupport.parkNanos(backoffMs * 1_000_000L);
                    backoffMs = Math.min(backoffMs * 2, 2000);
                    continue;
                }
            }
            if (!more) {
                // The store may return early when another node enqueued to this partition; signal() unparks it too.
                messages.awaitMessages(partition, Duration.ofNanos(waitNanos));
            }
        }
    }
}
