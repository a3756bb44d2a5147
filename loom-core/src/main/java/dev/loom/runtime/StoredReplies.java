package dev.loom.runtime;

import dev.loom.json.Json;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.HintSubscription;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies of asks whose turn ran on another node, read from the store: the turn's idempotency record holds the
 * reply (every ask has a key, the caller's or {@code ask:<messageId>}), and a dead letter with the message's id
 * means it failed for good.
 *
 * <p>The store's {@link IdempotencyStore#watchReplies} hints say which partition committed; a hint for a partition
 * this node holds is ignored, since its turns complete their asks here. Look-ups of one partition are coalesced: at
 * most one round runs per partition, and hints arriving meanwhile cause one more round, so a burst of commits costs
 * one look-up per waiting ask rather than one per commit. The asker polls as well ({@link #settle}), for stores
 * without hints and for hints that were lost.
 */
final class StoredReplies implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoredReplies.class);
    /** Nodes' clocks differ; a dead letter is searched from this long before the ask was sent. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final int DEAD_LETTER_PAGE = 100;

    private final Store store;
    private final Asks asks;
    private final Partitions partitions;
    private final Clock clock;
    /** Per partition: 0 idle, 1 a round is running, 2 a round is running and another one is due. */
    private final Map<Integer, AtomicInteger> rounds = new ConcurrentHashMap<>();
    private volatile HintSubscription subscription;

    StoredReplies(Store store, Asks asks, Partitions partitions, Clock clock) {
        this.store = store;
        this.asks = asks;
        this.partitions = partitions;
        this.clock = clock;
    }

    void start() {
        subscription = store.idempotency().watchReplies(this::hinted);
    }

    @Override
    public void close() {
        HintSubscription s = subscription;
        if (s != null) {
            s.close();
        }
    }

    /**
     * Settles {@code w} from the store if its turn committed or dead-lettered (on any node).
     *
     * @param deadLetters whether to look for a dead letter too (the slower fallback; hints only read records)
     * @return whether the ask is settled now
     * @throws StoreException if the store cannot answer
     */
    boolean settle(Asks.Waiting w, boolean deadLetters) {
        Optional<IdempotencyRecord> done = store.idempotency().find(w.target(), w.key(), clock.instant());
        if (done.isPresent()) {
            // Another message may have committed the caller's key first; then this one was acknowledged.
            asks.complete(w.messageId(), Json.parse(done.get().reply()), !w.messageId().equals(done.get().messageId()));
            return true;
        }
        if (!deadLetters) {
            return false;
        }
        String after = MessageIds.deadLetter(w.since().minus(CLOCK_SKEW).toEpochMilli()).substring(0, 16);
        DeadLetterQuery query = new DeadLetterQuery(w.target().type(), w.target().id(), null, after, DEAD_LETTER_PAGE);
        for (DeadLetter dl : store.deadLetters().list(query)) {
            if (dl.message().messageId().equals(w.messageId())) {
                asks.fail(w.messageId(), new MessageDeadLetteredException("message " + w.messageId() + " to "
                        + w.target() + " was dead-lettered as " + dl.id() + " after " + dl.attempts() + " attempt(s): "
                        + (dl.error() == null ? "unknown error" : dl.error().type() + ": " + dl.error().message())));
                return true;
            }
        }
        return false;
    }

    private void hinted(int partition) {
        if (partitions.workerFor(partition) != null || asks.waitingIn(partition).isEmpty()) {
            return;
        }
        AtomicInteger state = rounds.computeIfAbsent(partition, p -> new AtomicInteger());
        if (state.getAndUpdate(s -> Math.min(s + 1, 2)) == 0) {
            Thread.ofVirtual().name("loom-replies-" + partition).start(() -> run(partition, state));
        }
    }

    private void run(int partition, AtomicInteger state) {
        do {
            for (Asks.Waiting w : asks.waitingIn(partition)) {
                try {
                    settle(w, false);
                } catch (StoreException e) {
                    LOG.debug("cannot read the reply of ask {} yet: {}; the asker polls", w.messageId(), e.getMessage());
                }
            }
        } while (state.decrementAndGet() > 0);
    }
}
