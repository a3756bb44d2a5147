package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.NodeRecord;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything an {@link InMemoryStore} holds, and the primitive changes shared by the direct store methods
 * and the fenced writes. Not thread-safe by itself: callers hold the {@link Access} lock.
 */
final class MemoryState {
    record IdempotencyKey(ActorRef actor, String key) {
    }

    final int partitions;
    /** Per partition, queued messages by seq. */
    final Map<Integer, NavigableMap<Long, StoredMessage>> queues = new HashMap<>();
    final Map<ActorRef, NavigableMap<Long, JournalEntry>> journals = new HashMap<>();
    /** Last journal seq per actor; kept when trimming removes every entry. */
    final Map<ActorRef, Long> lastSeqs = new HashMap<>();
    final Map<ActorRef, NavigableMap<Long, Snapshot>> snapshots = new HashMap<>();
    final Map<IdempotencyKey, IdempotencyRecord> idempotency = new HashMap<>();
    final NavigableMap<String, DeadLetter> deadLetters = new TreeMap<>();
    final NavigableMap<Long, Timer> timers = new TreeMap<>();
    final NavigableMap<Integer, Lease> leases = new TreeMap<>();
    final NavigableMap<String, NodeRecord> members = new TreeMap<>();
    /** One counter for all partitions: assigned under the lock, so per-partition order equals visibility order. */
    private long nextMessageSeq = 1;
    private long nextTimerId = 1;

    MemoryState(int partitions) {
        this.partitions = partitions;
    }

    NavigableMap<Long, StoredMessage> queue(int partition) {
        return queues.computeIfAbsent(partition, p -> new TreeMap<>());
    }

    /** Whether a message with this partition may be stored; {@code null} when it may, else why not. */
    String partitionProblem(Envelope envelope) {
        return envelope.partition() < partitions ? null
                : "message " + envelope.messageId() + " names partition " + envelope.partition()
                        + " but the store has " + partitions + " partitions";
    }

    long enqueue(Envelope envelope, Delivery delivery) {
        long seq = nextMessageSeq++;
        queue(envelope.partition()).put(seq, new StoredMessage(seq, envelope, delivery));
        return seq;
    }

    /**
     * The message that holds {@code key} for {@code target}: an idempotency record existing at {@code now}, else
     * the queued message with the smallest seq (it can only be in the target's partition), else the pending timer
     * due first. The contract is {@link dev.loom.spi.MessageStore#enqueueUnlessKnown}.
     */
    Optional<KnownMessage> known(ActorRef target, int partition, String key, Instant now) {
        IdempotencyRecord record = idempotency.get(new IdempotencyKey(target, key));
        if (record != null && record.expiresAt().isAfter(now)) {
            return Optional.of(new KnownMessage(record.messageId(), KnownMessage.Stage.COMMITTED));
        }
        Optional<KnownMessage> queued = queue(partition).values().stream()
                .map(StoredMessage::envelope)
                .filter(e -> e.target().equals(target) && key.equals(e.idempotencyKey()))
                .findFirst()
                .map(e -> new KnownMessage(e.messageId(), KnownMessage.Stage.QUEUED));
        if (queued.isPresent()) {
            return queued;
        }
        return timers.values().stream()
                .filter(t -> t.envelope().target().equals(target) && key.equals(t.envelope().idempotencyKey()))
                .min(MemoryTimerStore.EARLIEST_FIRST)
                .map(t -> new KnownMessage(t.envelope().messageId(), KnownMessage.Stage.SCHEDULED));
    }

    /** The envelope's idempotency key; throws IllegalArgumentException when it has none. */
    static String requireKey(Envelope envelope) {
        if (envelope.idempotencyKey() == null) {
            throw new IllegalArgumentException("message " + envelope.messageId()
                    + " has no idempotency key; only a keyed message can be checked against known ones");
        }
        return envelope.idempotencyKey();
    }

    /** Stores a timer; a timer with a reminder first removes the target's pending reminder of that name. */
    void schedule(TimerRequest request) {
        if (request.reminder() != null) {
            removeReminders(request.envelope().target(), java.util.List.of(request.reminder().name()));
        }
        long id = nextTimerId++;
        timers.put(id, new Timer(id, request.envelope(), request.deliverAt(), request.reminder()));
    }

    void removeReminders(ActorRef actor, Collection<String> names) {
        timers.values().removeIf(t -> t.reminder() != null && t.envelope().target().equals(actor)
                && names.contains(t.reminder().name()));
    }

    /** The largest message seq ever assigned, 0 when none was. */
    long lastMessageSeq() {
        return nextMessageSeq - 1;
    }

    /** Makes later seqs and timer ids follow the given ones (after an import). */
    void advanceCounters(long messageSeq, long timerId) {
        nextMessageSeq = Math.max(nextMessageSeq, messageSeq + 1);
        nextTimerId = Math.max(nextTimerId, timerId + 1);
    }

    /** How many records of each backup kind are held. */
    BackupCounts counts() {
        return new BackupCounts(
                snapshots.values().stream().mapToLong(Map::size).sum(),
                journals.values().stream().mapToLong(Map::size).sum(),
                queues.values().stream().mapToLong(Map::size).sum(),
                timers.size(), idempotency.size(), deadLetters.size());
    }

    /** Every held record as a backup record: per actor its snapshots and journal, then messages, timers, keys, letters. */
    Stream<BackupRecord> records() {
        Comparator<ActorRef> byName = Comparator.comparing(ActorRef::type).thenComparing(ActorRef::id);
        Stream<BackupRecord> snaps = snapshots.keySet().stream().sorted(byName)
                .flatMap(a -> snapshots.get(a).values().stream().map(BackupRecord.SnapshotItem::new));
        Stream<BackupRecord> entries = journals.keySet().stream().sorted(byName)
                .flatMap(a -> journals.get(a).values().stream().map(BackupRecord.JournalItem::new));
        Stream<BackupRecord> messages = new TreeMap<>(queues).values().stream()
                .flatMap(q -> q.values().stream().map(BackupRecord.MessageItem::new));
        Stream<BackupRecord> timerItems = timers.values().stream().map(BackupRecord.TimerItem::new);
        Stream<BackupRecord> keys = idempotency.values().stream()
                .sorted(Comparator.comparing(IdempotencyRecord::actor, byName).thenComparing(IdempotencyRecord::key))
                .map(BackupRecord.IdempotencyItem::new);
        Stream<BackupRecord> letters = deadLetters.values().stream().map(BackupRecord.DeadLetterItem::new);
        return Stream.of(snaps, entries, messages, timerItems, keys, letters).flatMap(s -> s);
    }

    long lastSeq(ActorRef actor) {
        return lastSeqs.getOrDefault(actor, 0L);
    }

    void append(JournalEntry entry) {
        journals.computeIfAbsent(entry.actor(), a -> new TreeMap<>()).put(entry.seq(), entry);
        lastSeqs.put(entry.actor(), entry.seq());
    }

    long latestSnapshotSeq(ActorRef actor) {
        NavigableMap<Long, Snapshot> byseq = snapshots.get(actor);
        return byseq == null || byseq.isEmpty() ? 0 : byseq.lastKey();
    }

    /** Stores a snapshot and, if {@code trim}, deletes journal entries and older snapshots up to its seq. */
    void storeSnapshot(Snapshot snapshot, boolean trim) {
        NavigableMap<Long, Snapshot> bySeq = snapshots.computeIfAbsent(snapshot.actor(), a -> new TreeMap<>());
        bySeq.put(snapshot.seq(), snapshot);
        if (trim) {
            bySeq.headMap(snapshot.seq(), false).clear();
            trimJournal(snapshot.actor(), snapshot.seq());
        }
    }

    void trimJournal(ActorRef actor, long upToSeq) {
        NavigableMap<Long, JournalEntry> entries = journals.get(actor);
        if (entries != null) {
            entries.headMap(upToSeq, true).clear();
        }
    }

    void insertIdempotency(IdempotencyRecord record) {
        IdempotencyKey key = new IdempotencyKey(record.actor(), record.key());
        IdempotencyRecord existing = idempotency.get(key);
        // An expired record no longer exists for readers, so a new commit with the key takes its place.
        if (existing == null || !existing.expiresAt().isAfter(record.committedAt())) {
            idempotency.put(key, record);
        }
    }
}
