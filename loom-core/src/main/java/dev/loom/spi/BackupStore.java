package dev.loom.spi;

import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Whole-store backups: a consistent export of every durable record and its import into an empty store.
 *
 * <p><b>What a backup holds:</b> a {@link BackupRecord.Header} (engine name, partition count, format version,
 * time, announced counts), then every stored snapshot, journal entry, queued message (with seq and delivery
 * bookkeeping), timer and reminder (with id), idempotency record and dead letter. Leases and cluster members
 * are not exported: an imported store starts with no leases, and the nodes that open it acquire fresh ones.
 */
public interface BackupStore {
    /** The record format version this build writes and reads. */
    int FORMAT_VERSION = 1;

    /**
     * Streams a consistent, point-in-time copy of the store to {@code sink}: the header first, then every
     * record, as one read of one state (no write that commits during the export is partly visible). The
     * export does not hold all records in memory; it may hold a read transaction (or, for an in-memory store,
     * the store's lock) until it returns, so the sink should not block for long.
     *
     * @param sink receives the records in order, on a thread of the store's choosing
     * @return the counts of the records streamed (equal to the header's counts)
     * @throws StoreException if the store cannot be read; an exception thrown by {@code sink} ends the export
     *                        and propagates unchanged
     */
    BackupCounts export(Consumer<BackupRecord> sink);

    /**
     * Imports a backup into this store, all or nothing: every record of {@code source} is stored with its
     * seqs, ids, timestamps, attempts and steps as exported, or, if anything fails, nothing is and the store
     * is left as it was. Afterwards every read API answers as it did on the exported store, and seqs and
     * timer ids assigned later follow the imported ones.
     *
     * <p>Refused, with nothing imported, when: this store is not empty (it holds any message, timer, journal
     * entry, snapshot, idempotency record or dead letter; leases and members do not count); the backup holds
     * queued messages and this store has already assigned message seqs (a running node's fetch position could
     * skip them); the stream does not start with a header; the header's version is not
     * {@link #FORMAT_VERSION}; its partition count differs from {@link Store#partitions()}; a record names a
     * partition out of range or duplicates another record's key; or the records received differ from the
     * header's counts.
     *
     * @param source the records, header first; read once, on a thread of the store's choosing
     * @return the counts of the records imported
     * @throws BackupRefusedException when refused (the message says why)
     * @throws StoreException when the store fails; an exception thrown by
     *                        {@code source} ends the import and propagates unchanged; in every case nothing is imported
     */
    BackupCounts importFrom(Iterator<BackupRecord> source);
}
