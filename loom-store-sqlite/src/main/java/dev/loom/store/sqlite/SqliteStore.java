package dev.loom.store.sqlite;

import dev.loom.spi.BackupStore;
import dev.loom.spi.DeadLetterStore;
import dev.loom.spi.IdempotencyStore;
import dev.loom.spi.JournalStore;
import dev.loom.spi.LeaseStore;
import dev.loom.spi.MessageStore;
import dev.loom.spi.SnapshotStore;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loom's embedded store: one SQLite database file in WAL mode.
 *
 * <p>All changes run on one platform thread that owns the read-write connection ({@link Writer}); callers,
 * virtual threads included, block on a future while it works, and concurrent callers share transactions
 * (group commit). Queries run on a few platform threads with read-only connections ({@link Readers}), which
 * WAL lets proceed while the writer commits. Several processes may open the same file: SQLite's file locks
 * serialise their transactions, and the lease protocol decides who works on which partition.
 *
 * <p>Every method throws {@link StoreException} with a message that names the file and the cause when SQLite
 * fails (locked beyond the busy timeout, disk full, read-only, not a Loom database, newer schema).
 */
public final class SqliteStore implements Store {
    private final Path path;
    private final int partitions;
    private final Writer writer;
    private final Readers readers;
    private final WriteApplier applier;
    private final SqliteMessageStore messages;
    private final SqliteTimerStore timers;
    private final SqliteJournalStore journal;
    private final SqliteSnapshotStore snapshots;
    private final SqliteIdempotencyStore idempotency;
    private final SqliteDeadLetterStore deadLetters;
    private final SqliteLeaseStore leases;
    private final SqliteBackupStore backup;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Checkpointer checkpointer;
    /**
     * A checkpoint copies each page changed since the last one once, however often it changed. Every turn adds an
     * entry at a random place of the journal's actor index, so the same index pages change again and again: at 1 s
     * instead of 200 ms about a quarter fewer bytes were written per turn and the checkpointer's CPU per turn fell
     * from 1.1-1.6 to 0.3 us (docs/PERFORMANCE.md, "The SQLite write path, row by row"). The price: the WAL holds up
     * to one interval of commits.
     */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private SqliteStore(DatabaseFile file, DatabaseFile.Opened opened, SqliteStoreOptions options) {
        this.path = file.path();
        this.partitions = opened.partitions();
        PartitionRange range = new PartitionRange(partitions);
        this.writer = new Writer(opened.connection(), file.failures(), options);
        this.readers = new Readers(file, options.readerThreads());
        this.checkpointer = new Checkpointer(file.openCheckpointer(), CHECKPOINT_INTERVAL);
        this.applier = new WriteApplier(range);
        this.messages = new SqliteMessageStore(writer, readers, range);
        this.timers = new SqliteTimerStore(writer, readers, range);
        this.journal = new SqliteJournalStore(readers);
        this.snapshots = new SqliteSnapshotStore(readers);
        this.idempotency = new SqliteIdempotencyStore(writer, readers);
        this.deadLetters = new SqliteDeadLetterStore(writer, readers);
        this.leases = new SqliteLeaseStore(writer, readers, range);
        this.backup = new SqliteBackupStore(file, writer, range);
    }

    /**
     * Opens the database at {@code options.path()}, creating it (and its directories) when missing and
     * migrating its schema when it was written by an older Loom.
     *
     * @throws StoreException if the file cannot be used: it is not a Loom database, was written by a newer
     *                        Loom, is locked by another process beyond the busy timeout, is read-only, or the
     *                        disk is full; the message says which
     */
    public static SqliteStore open(SqliteStoreOptions options) {
        DatabaseFile file = new DatabaseFile(options);
        DatabaseFile.Opened opened = file.openWriter();
        SqliteStore store = new SqliteStore(file, opened, options);
        try {
            store.ping();
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return store;
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public int partitions() {
        return partitions;
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

    /** Applies the writes in one transaction, possibly shared with other callers' work. */
    @Override
    public List<WriteResult> commit(List<Write> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<Write> copy = List.copyOf(writes);
        Object[] patches = WriteApplier.patchColumns(copy);
        return writer.submit(tx -> applier.applyAll(tx, copy, patches), copy.size());
    }

    @Override
    public void ping() {
        if (closed.get()) {
            throw new StoreException("the SQLite store " + path + " is closed");
        }
        if (!writer.alive()) {
            throw new StoreException("the writer thread of the SQLite store " + path + " has stopped");
        }
        readers.read(st -> {
            try (ResultSet rs = st.get("SELECT value FROM " + Migrations.META_TABLE + " WHERE key = 'schema_version'")
                    .executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("the SQLite store " + path + " has lost its schema version");
                }
                return null;
            }
        });
    }

    /** Finishes submitted work, then closes every connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            checkpointer.close();
            readers.close();
        } finally {
            writer.close();
        }
    }

    /** What the writer thread has done so far (diagnostics). */
    WriterCounters writerCounters() {
        return writer.counters();
    }

    @Override
    public String toString() {
        return "SqliteStore[" + path + ", " + partitions + " partitions]";
    }
}
