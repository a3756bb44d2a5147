package dev.loom.spi;

import java.util.List;

/**
 * A durable store for Loom: the contract a storage engine implements (and proves by passing
 * {@code loom-store-tck}).
 *
 * <p>Methods may block and may be called from any thread, including virtual threads; an implementation
 * whose calls pin carrier threads (JNI drivers) must hand the work to platform threads of its own.
 * Every method throws {@link StoreException} when the store cannot answer; it never returns a partial answer.
 */
public interface Store extends AutoCloseable {
    /** A short name of the engine ({@code memory}, {@code sqlite}, ...). */
    String name();

    /** Number of partitions, fixed when the store was created. */
    int partitions();

    MessageStore messages();

    TimerStore timers();

    JournalStore journal();

    SnapshotStore snapshots();

    IdempotencyStore idempotency();

    DeadLetterStore deadLetters();

    LeaseStore leases();

    /** Export and import of the whole store (backups). */
    BackupStore backup();

    /**
     * Applies writes, typically of many turns at once (group commit). Each write is checked against its
     * partition's current lease epoch and applied whole or not at all; writes are applied in list order,
     * so a later write sees an earlier one's effects. When this returns, every {@link WriteResult.Applied}
     * write is durable.
     *
     * @return one result per write, in order
     * @throws StoreException if the store failed; then none of the writes is applied
     */
    List<WriteResult> commit(List<Write> writes);

    /** Checks that the store answers; throws {@link StoreException} saying why not. */
    void ping();

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
