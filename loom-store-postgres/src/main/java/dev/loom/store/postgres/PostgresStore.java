package dev.loom.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loom's multi-node store: every table in one schema of a PostgreSQL database, shared by any number of nodes.
 * See the package documentation for how commits are fenced, batched and ordered, and how nodes wake each other.
 */
public final class PostgresStore implements Store {
    private final PostgresStoreOptions options;
    private final int partitions;
    private final HikariDataSource pool;
    private final HikariDataSource leasePool;
    private final Notifier notifier;
    private final GroupCommitter committer;
    private final Database db;
    private final PostgresMessageStore messages;
    private final PostgresTimerStore timers;
    private final PostgresJournalStore journal;
    private final PostgresSnapshotStore snapshots;
    private final PostgresIdempotencyStore idempotency;
    private final PostgresDeadLetterStore deadLetters;
    private final PostgresLeaseStore leases;
    private final PostgresBackupStore backup;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresStore(PostgresStoreOptions options, int partitions, Connections connections) {
        this.options = options;
        this.partitions = partitions;
        PostgresFailures failures = new PostgresFailures(options);
        PartitionRange range = new PartitionRange(partitions);
        this.pool = connections.pool();
        this.db = new Database(pool, failures, closed::get, options.describe());
        this.leasePool = connections.leasePool();
        Database leaseRounds = new Database(leasePool, failures, closed::get, options.describe());
        this.notifier = new Notifier(pool, connections, options, partitions);
        WriteApplier applier = new WriteApplier(range);
        this.committer = new GroupCommitter(pool, applier, failures, notifier, options);
        KeyLookup keys = new KeyLookup(options.schema());
        this.messages = new PostgresMessageStore(db, committer, notifier, keys, range);
        this.timers = new PostgresTimerStore(db, keys, range);
        this.journal = new PostgresJournalStore(db);
        this.snapshots = new PostgresSnapshotStore(db);
        this.idempotency = new PostgresIdempotencyStore(db, notifier);
        this.deadLetters = new PostgresDeadLetterStore(db, notifier);
        this.leases = new PostgresLeaseStore(db, leaseRounds, range, notifier);
        this.backup = new PostgresBackupStore(db, range, applier::forgetHeads);
    }

    /**
     * Connects, creates the schema (with {@code options.partitions()} partitions) when it is missing or empty, and
     * migrates one written by an older Loom.
     *
     * @throws StoreException if the store cannot be opened: the server is unreachable, refuses the credentials, has
     *                        no such database, or the schema is newer than this build or is not Loom's; the message
     *                        says which, names the server and never contains the password
     */
    public static PostgresStore open(PostgresStoreOptions options) {
        Connections connections = new Connections(options);
        PostgresFailures failures = new PostgresFailures(options);
        SchemaSetup.Schema schema;
        try (Connection c = connections.open()) {
            schema = new SchemaSetup(options).run(c);
        } catch (SQLException e) {
            throw failures.opening(e);
        }
        PostgresStore store = new PostgresStore(options, schema.partitions(), connections);
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

    /** The options this store was opened with (the password is left out of their {@code toString}). */
    public PostgresStoreOptions options() {
        return options;
    }

    /** Whether the LISTEN connection for cross-node wake-ups is up (without it, workers poll). */
    public boolean listening() {
        return notifier.listening();
    }

    @Override
    public String name() {
        return "postgres";
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

    /** Applies the writes in the group committer's next transaction, shared with other callers' work. */
    @Override
    @SuppressWarnings("unchecked")
    public List<WriteResult> commit(List<Write> writes) {
        db.checkOpen();
        if (writes.isEmpty()) {
            return List.of();
        }
        return (List<WriteResult>) committer.submit(new WriteApplier.Commit(List.copyOf(writes)));
    }

    /** Checks that the server answers and the schema still is this store's. */
    @Override
    public void ping() {
        db.checkOpen();
        if (!committer.alive()) {
            throw new StoreException("the group committer of the PostgreSQL store " + options.describe()
                    + " has stopped");
        }
        db.read("ping", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + Migrations.META_TABLE
                    + " WHERE key = 'schema_version'"); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("the PostgreSQL store " + options.describe() + " has lost its schema version");
                }
                return null;
            }
        });
    }

    /** Finishes submitted commits, then stops the notifier and closes every connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            committer.close();
        } finally {
            try {
                notifier.close();
            } finally {
                try {
                    pool.close();
                } finally {
                    leasePool.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + options.describe() + ", " + partitions + " partitions]";
    }
}
