package dev.loom.store.memory;

import dev.loom.spi.BackupStore;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.JournalStore;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.MessageStore;
import dev.loom.spi.SnapshotStore;
import dev.loom.spi.Store;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} held in this process's memory, for unit tests of the core: it keeps every guarantee of
 * the SPI (fencing, whole-or-nothing writes, visibility order, lease epochs) but nothing survives the
 * process. Thread-safe: every operation runs under one lock, so each is atomic with respect to all others.
 *
 * <p>{@link #setAvailable(boolean)} simulates a store outage: while unavailable, every method throws
 * {@link dev.loom.spi.StoreException} and changes nothing. After {@link #close()} every method throws
 * {@code StoreException("store is closed")}.
 */
public final class InMemoryStore implements Store {
    /** The partition count of {@link #InMemoryStore()}. */
    public static final int DEFAULT_PARTITIONS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStore.class);

    private final Access access = new Access();
    private final MemoryState state;
    private final WriteApplier applier;
    private final MessageStore messages;
    private final TimerStore timers;
    private final JournalStore journal;
    private final SnapshotStore snapshots;
    private final IdempotencyStore idempotency;
    private final DeadLetterStore deadLetters;
    private final LeaseStore leases;
    private final BackupStore backup;

    /** A store with {@value #DEFAULT_PARTITIONS} partitions. */
    public InMemoryStore() {
        this(DEFAULT_PARTITIONS);
    }

    /**
     * @param partitions the number of partitions, at least 1
     * @throws IllegalArgumentException if {@code partitions < 1}
     */
    public InMemoryStore(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        state = new MemoryState(partitions);
        applier = new WriteApplier(state);
        messages = new MemoryMessageStore(access, state);
        timers = new MemoryTimerStore(access, state);
        journal = new MemoryJournalStore(access, state);
        snapshots = new MemorySnapshotStore(access, state);
        idempotency = new MemoryIdempotencyStore(access, state);
        deadLetters = new MemoryDeadLetterStore(access, state);
        leases = new MemoryLeaseStore(access, state);
        backup = new MemoryBackupStore(access, state, "memory");
        LOG.warn("in-memory store: nothing survives this process; use it for tests only");
    }

    /**
     * Simulates a store outage ({@code false}) or its end ({@code true}). While unavailable, every method,
     * including {@link #ping()}, throws {@link dev.loom.spi.StoreException}; stored data is kept.
     */
    public void setAvailable(boolean available) {
        access.setAvailable(available);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int partitions() {
        return state.partitions;
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
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public BackupStore backup() {
        return backup;
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        List<Write> batch = List.copyOf(writes);
        return access.call(() -> batch.stream().map(applier::apply).toList());
    }

    @Override
    public void ping() {
        access.run(() -> { });
    }

    @Override
    public void close() {
        access.close();
    }
}
