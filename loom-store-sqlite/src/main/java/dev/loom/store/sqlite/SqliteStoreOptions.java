package dev.loom.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link SqliteStore}.
 *
 * @param path            the database file; missing parent directories are created
 * @param partitions      number of partitions, used only when the file is created (an existing file keeps
 *                        its own); 1..65,536
 * @param synchronous     durability of each commit; see {@link SynchronousMode}
 * @param busyTimeout     how long a statement waits for a lock held by another process before failing
 * @param maxBatchWrites  at most this many writes and enqueued messages go into one transaction (group commit)
 * @param batchLinger     how long the writer waits for more work before committing a batch that is not full
 *                        ({@link Duration#ZERO}: commit what is there; batches still form while the previous
 *                        commit syncs)
 * @param readerThreads   platform threads (each with its own read-only connection) serving reads
 */
public record SqliteStoreOptions(Path path, int partitions, SynchronousMode synchronous, Duration busyTimeout,
                                 int maxBatchWrites, Duration batchLinger, int readerThreads) {
    /** The default database file, relative to the working directory. */
    public static final Path DEFAULT_PATH = Path.of("data", "loom.db");

    public SqliteStoreOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(batchLinger, "batchLinger");
        if (partitions < 1 || partitions > 65_536) {
            throw new IllegalArgumentException("partitions must be 1..65536: " + partitions);
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be 0..24 days: " + busyTimeout);
        }
        if (maxBatchWrites < 1) {
            throw new IllegalArgumentException("maxBatchWrites must be >= 1: " + maxBatchWrites);
        }
        if (batchLinger.isNegative()) {
            throw new IllegalArgumentException("batchLinger must not be negative: " + batchLinger);
        }
        if (readerThreads < 1) {
            throw new IllegalArgumentException("readerThreads must be >= 1: " + readerThreads);
        }
    }

    /**
     * {@code ./data/loom.db}, 64 partitions, {@link SynchronousMode#FULL}, 5 s busy timeout, batches of up
     * to 4,000, no linger, 2 reader threads.
     */
    public static SqliteStoreOptions defaults() {
        return new SqliteStoreOptions(DEFAULT_PATH, 64, SynchronousMode.FULL, Duration.ofSeconds(5), 4_000,
                Duration.ZERO, 2);
    }

    /** The defaults with the database at {@code path}. */
    public static SqliteStoreOptions at(Path path) {
        return defaults().withPath(path);
    }

    /** These options with another database file. */
    public SqliteStoreOptions withPath(Path value) {
        return new SqliteStoreOptions(value, partitions, synchronous, busyTimeout, maxBatchWrites, batchLinger,
                readerThreads);
    }

    /** These options with another partition count (used only when the file is created). */
    public SqliteStoreOptions withPartitions(int value) {
        return new SqliteStoreOptions(path, value, synchronous, busyTimeout, maxBatchWrites, batchLinger,
                readerThreads);
    }

    /** These options with another durability mode (see {@link SynchronousMode}). */
    public SqliteStoreOptions withSynchronous(SynchronousMode value) {
        return new SqliteStoreOptions(path, partitions, value, busyTimeout, maxBatchWrites, batchLinger,
                readerThreads);
    }

    /** These options with another wait for a lock held by another process. */
    public SqliteStoreOptions withBusyTimeout(Duration value) {
        return new SqliteStoreOptions(path, partitions, synchronous, value, maxBatchWrites, batchLinger,
                readerThreads);
    }

    /** These options with another most writes per writer transaction. */
    public SqliteStoreOptions withMaxBatchWrites(int value) {
        return new SqliteStoreOptions(path, partitions, synchronous, busyTimeout, value, batchLinger,
                readerThreads);
    }

    /** These options with another longest wait to fill a writer transaction. */
    public SqliteStoreOptions withBatchLinger(Duration value) {
        return new SqliteStoreOptions(path, partitions, synchronous, busyTimeout, maxBatchWrites, value,
                readerThreads);
    }

    /** These options with another number of reader threads (each with its own connection). */
    public SqliteStoreOptions withReaderThreads(int value) {
        return new SqliteStoreOptions(path, partitions, synchronous, busyTimeout, maxBatchWrites, batchLinger,
                value);
    }
}
