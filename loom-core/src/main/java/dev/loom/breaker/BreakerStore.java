package dev.loom.breaker;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.Envelope;
import dev.loom.spi.ForwardingStore;
import dev.loom.spi.HintSubscription;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.MessageStore;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import dev.loom.spi.Snapshot;
import dev.loom.spi.SnapshotStore;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The store as the runtime sees it: every call that reads or writes data goes through the {@value Breakers#STORE}
 * circuit breaker, so that its failures count on it and an open breaker refuses them without reaching the store.
 * The calls listed in the SPI's package documentation as bypassing the breaker (leases and membership, the blocking
 * hint waits, {@code ping}, backups) are forwarded unchanged.
 *
 * <p>A refused call throws {@link StoreException} (its cause the breaker's refusal), the same exception a failing
 * store throws, so callers handle an open breaker as the outage it stands for: a turn backs off and retries, a
 * client's send is refused.
 */
final class BreakerStore extends ForwardingStore {
    private final Breakers breakers;
    private final CircuitBreaker breaker;
    private final MessageStore messages = new Messages();
    private final TimerStore timers = new Timers();
    private final JournalStore journal = new Journal();
    private final SnapshotStore snapshots = new Snapshots();
    private final IdempotencyStore idempotency = new Idempotency();
    private final DeadLetterStore deadLetters = new DeadLetters();

    /**
     * @param delegate the store the calls go to
     * @param breakers the node's breakers, which count each call's outcome
     * @param breaker  the breaker they go through (the node's {@value Breakers#STORE} breaker)
     */
    BreakerStore(Store delegate, Breakers breakers, CircuitBreaker breaker) {
        super(delegate);
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public TimerStore timers() {
        return timers;
    }

    @Override
    public JournalStore journal() {
        return journal;
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public IdempotencyStore idempotency() {
        return idempotency;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        return guarded(() -> delegate().commit(writes));
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return breakers.call(breaker, call);
        } catch (BreakerOpenException e) {
            throw new StoreException("the " + breaker.getName() + " circuit breaker is open after repeated store"
                    + " failures; store calls resume when it half-opens (or an operator resets it)", e);
        }
    }

    private void guardedRun(Runnable call) {
        guarded(() -> {
            call.run();
            return null;
        });
    }

    private final class Messages implements MessageStore {
        @Override
        public List<Long> enqueue(List<Envelope> messages) {
            return guarded(() -> delegate().messages().enqueue(messages));
        }

        @Override
        public Optional<KnownMessage> enqueueUnlessKnown(Envelope message, Instant now) {
            return guarded(() -> delegate().messages().enqueueUnlessKnown(message, now));
        }

        @Override
        public List<StoredMessage> fetch(int partition, long afterSeq, int limit) {
            return guarded(() -> delegate().messages().fetch(partition, afterSeq, limit));
        }

        /** A blocking hint wait, not a call that can fail: it bypasses the breaker. */
        @Override
        public void awaitMessages(int partition, Duration timeout) {
            delegate().messages().awaitMessages(partition, timeout);
        }

        @Override
        public List<StoredMessage> forActor(ActorRef actor, int limit) {
            return guarded(() -> delegate().messages().forActor(actor, limit));
        }

        @Override
        public List<QueueStats> stats() {
            return guarded(() -> delegate().messages().stats());
        }

        @Override
        public List<PartitionBacklog> backlog(Collection<Integer> partitions) {
            return guarded(() -> delegate().messages().backlog(partitions));
        }
    }

    private final class Timers implements TimerStore {
        @Override
        public void schedule(List<TimerRequest> timers) {
            guardedRun(() -> delegate().timers().schedule(timers));
        }

        @Override
        public Optional<KnownMessage> scheduleUnlessKnown(TimerRequest timer, Instant now) {
            return guarded(() -> delegate().timers().scheduleUnlessKnown(timer, now));
        }

        @Override
        public List<Timer> due(Collection<Integer> partitions, Instant now, int limit) {
            return guarded(() -> delegate().timers().due(partitions, now, limit));
        }

        @Override
        public List<Timer> forActor(ActorRef actor) {
            return guarded(() -> delegate().timers().forActor(actor));
        }
    }

    private final class Journal implements JournalStore {
        @Override
        public List<JournalEntry> read(ActorRef actor, long fromSeq, int limit) {
            return guarded(() -> delegate().journal().read(actor, fromSeq, limit));
        }

        @Override
        public long lastSeq(ActorRef actor) {
            return guarded(() -> delegate().journal().lastSeq(actor));
        }

        @Override
        public long firstSeq(ActorRef actor) {
            return guarded(() -> delegate().journal().firstSeq(actor));
        }

        @Override
        public List<String> actorIds(String type, String afterId, int limit) {
            return guarded(() -> delegate().journal().actorIds(type, afterId, limit));
        }

        @Override
        public List<String> actorIdsStartingWith(String type, String prefix, String afterId, int limit) {
            return guarded(() -> delegate().journal().actorIdsStartingWith(type, prefix, afterId, limit));
        }
    }

    private final class Snapshots implements SnapshotStore {
        @Override
        public Optional<Snapshot> latest(ActorRef actor) {
            return guarded(() -> delegate().snapshots().latest(actor));
        }

        @Override
        public Optional<Snapshot> atOrBefore(ActorRef actor, long seq) {
            return guarded(() -> delegate().snapshots().atOrBefore(actor, seq));
        }
    }

    private final class Idempotency implements IdempotencyStore {
        @Override
        public Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now) {
            return guarded(() -> delegate().idempotency().find(actor, key, now));
        }

        @Override
        public int purgeExpired(Instant now) {
            return guarded(() -> delegate().idempotency().purgeExpired(now));
        }

        /** A subscription to hints, not a call that can fail: it bypasses the breaker. */
        @Override
        public HintSubscription watchReplies(IntConsumer listener) {
            return delegate().idempotency().watchReplies(listener);
        }
    }

    private final class DeadLetters implements DeadLetterStore {
        @Override
        public List<DeadLetter> list(DeadLetterQuery query) {
            return guarded(() -> delegate().deadLetters().list(query));
        }

        @Override
        public long count(DeadLetterQuery query) {
            return guarded(() -> delegate().deadLetters().count(query));
        }

        @Override
        public Optional<DeadLetter> get(String id) {
            return guarded(() -> delegate().deadLetters().get(id));
        }

        @Override
        public List<String> redrive(Collection<String> ids) {
            return guarded(() -> delegate().deadLetters().redrive(ids));
        }

        @Override
        public int purge(Collection<String> ids) {
            return guarded(() -> delegate().deadLetters().purge(ids));
        }
    }
}
