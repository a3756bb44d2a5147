package dev.loom.store.sqlite;

import dev.loom.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's single writer: a platform thread that owns the read-write connection and runs every change
 * (commits, enqueues, timers, leases, dead-letter operations) in batches, one transaction per batch.
 *
 * <p>Why one platform thread: sqlite-jdbc calls native code, which pins a virtual thread to its carrier, and
 * SQLite admits one writer per file anyway. Callers (virtual threads included) hand their work over and block
 * on a future. While one batch syncs to disk, the next one forms in the queue, so the cost of an fsync is
 * shared by every caller that arrived meanwhile (group commit).
 *
 * <p>Because every change of this process runs on this thread, and every transaction holds the file's write
 * lock, messages become visible in seq order: seqs are assigned inside the transaction that inserts them.
 */
final class Writer implements AutoCloseable {
    /** Work to run inside a write transaction. It must depend only on its arguments and the database. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private record Task<T>(Work<T> work, int weight, boolean alone, CompletableFuture<T> result) {
        void complete(Object value) {
            @SuppressWarnings("unchecked")
            T typed = (T) value;
            result.complete(typed);
        }
    }

    private static final Task<Object> STOP = new Task<>(tx -> null, 0, false, new CompletableFuture<>());

    private final Statements statements;
    private final SqliteFailures failures;
    private final int maxBatchWrites;
    private final long lingerNanos;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    /** A task that must run alone, taken from the queue while a batch formed; it starts the next round. */
    private Task<?> carried;
    private final RowBuffer messageRows = new RowBuffer(Tx.INSERT_MESSAGE, Tx.MESSAGE_COLUMNS);
    private final RowBuffer journalRows = new RowBuffer(Tx.INSERT_JOURNAL, Tx.JOURNAL_COLUMNS);
    private final Thread thread;
    private final CommittedCache cache = new CommittedCache();
    private final Object lifecycle = new Object();
    private boolean closed;
    private volatile StoreException closeFailure;
    private final LongAdder transactions = new LongAdder();
    private final LongAdder tasks = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder busyNanos = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();

    Writer(Connection connection, SqliteFailures failures, SqliteStoreOptions options) {
        this.statements = new Statements(connection);
        this.failures = failures;
        this.maxBatchWrites = options.maxBatchWrites();
        this.lingerNanos = options.batchLinger().toNanos();
        this.thread = Thread.ofPlatform().name("loom-sqlite-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /**
     * Runs {@code work} in the writer's next transaction and waits until that transaction committed.
     *
     * @param weight how many rows the work writes, roughly (bounds the batch size)
     * @throws StoreException if the transaction failed or the store is closed
     */
    <T> T submit(Work<T> work, int weight) {
        return await(new Task<>(work, Math.max(1, weight), false, new CompletableFuture<>()));
    }

    /**
     * Runs {@code work} in a transaction of its own, shared with no other task and run once: if it fails, the
     * transaction is rolled back and the failure reported, without the retry that batched work gets. For work
     * that consumes a one-shot input (an import stream).
     *
     * @throws StoreException if the transaction failed or the store is closed
     */
    <T> T submitAlone(Work<T> work) {
        return await(new Task<>(work, Integer.MAX_VALUE, true, new CompletableFuture<>()));
    }

    private <T> T await(Task<T> task) {
        synchronized (lifecycle) {
            if (closed) {
                throw new StoreException("the SQLite store is closed");
            }
            queue.add(task);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.result().get();
                } catch (InterruptedException e) {
                    // The work may already be committing; its outcome must still be reported to the caller.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new StoreException("the SQLite writer failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the writer thread is running. */
    boolean alive() {
        return thread.isAlive();
    }

    /** Finishes the work already submitted, then stops the thread and closes the connection. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                Task<?> first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    break;
                }
                if (first.alone()) {
                    runAlone(first);
                    continue;
                }
                batch.add(first);
                stop = fill(batch, first.weight());
            } catch (InterruptedException e) {
                // Only close() stops the writer; an interrupt from elsewhere is not a reason to lose work.
                continue;
            }
            run(batch);
        }
        closeConnection();
    }

    /** Adds waiting tasks to the batch up to its weight limit; returns whether STOP was seen. */
    private boolean fill(List<Task<?>> batch, int weight) throws InterruptedException {
        long lingerUntil = lingerNanos > 0 ? System.nanoTime() + lingerNanos : 0;
        while (weight < maxBatchWrites) {
            Task<?> next = queue.poll();
            if (next == null && lingerNanos > 0) {
                long left = lingerUntil - System.nanoTime();
                if (left > 0) {
                    next = queue.poll(left, TimeUnit.NANOSECONDS);
                }
            }
            if (next == null) {
                return false;
            }
            if (next == STOP) {
                return true;
            }
            if (next.alone()) {
                carried = next;
                return false;
            }
            batch.add(next);
            weight += next.weight();
        }
        return false;
    }

    private void run(List<Task<?>> batch) {
        long started = System.nanoTime();
        transactions.increment();
        tasks.add(batch.size());
        for (Task<?> task : batch) {
            writes.add(task.weight());
        }
        try {
            runBatch(batch);
        } finally {
            busyNanos.add(System.nanoTime() - started);
        }
    }

    private void runAlone(Task<?> task) {
        long started = System.nanoTime();
        transactions.increment();
        tasks.increment();
        try {
            task.complete(transaction(List.of(task), false).get(0));
        } catch (SQLException e) {
            task.result().completeExceptionally(failures.translate("write", e));
        } catch (RuntimeException e) {
            task.result().completeExceptionally(e);
        } catch (Error e) {
            task.result().completeExceptionally(e);
            throw e;
        } finally {
            busyNanos.add(System.nanoTime() - started);
        }
    }

    /** What the writer has done so far (for benchmarks and diagnostics). */
    WriterCounters counters() {
        return new WriterCounters(transactions.sum(), tasks.sum(), writes.sum(), busyNanos.sum(), commitNanos.sum());
    }

    private void runBatch(List<Task<?>> batch) {
        try {
            List<Object> results = transaction(batch, false);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results.get(i));
            }
        } catch (SQLException e) {
            if (SqliteFailures.isConstraint(e)) {
                runIsolated(batch);
            } else {
                StoreException failure = failures.translate("write", e);
                batch.forEach(t -> t.result().completeExceptionally(failure));
            }
        } catch (RuntimeException e) {
            runIsolated(batch);
        } catch (Error e) {
            batch.forEach(t -> t.result().completeExceptionally(e));
            throw e;
        }
    }

    /**
     * Runs each task of a failed batch in its own transaction, each write of a commit in its own savepoint,
     * so one bad write or task fails alone instead of taking the batch with it.
     */
    private void runIsolated(List<Task<?>> batch) {
        for (Task<?> task : batch) {
            try {
                task.complete(transaction(List.of(task), true).get(0));
            } catch (SQLException e) {
                task.result().completeExceptionally(failures.translate("write", e));
            } catch (RuntimeException e) {
                task.result().completeExceptionally(e);
            }
        }
    }

    private List<Object> transaction(List<Task<?>> tasks, boolean isolated) throws SQLException {
        statements.execute("BEGIN IMMEDIATE");
        Tx tx = new Tx(statements, isolated, messageRows, journalRows, cache);
        try {
            cache.validate(statements);
            List<Object> results = new ArrayList<>(tasks.size());
            for (Task<?> task : tasks) {
                results.add(task.work().run(tx));
            }
            tx.finish();
            long committing = System.nanoTime();
            statements.execute("COMMIT");
            commitNanos.add(System.nanoTime() - committing);
            return results;
        } catch (SQLException | RuntimeException e) {
            cache.clear();
            rollback(e);
            throw e;
        }
    }

    private void rollback(Exception cause) {
        try {
            statements.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing left to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    private void closeConnection() {
        try {
            statements.close();
            statements.connection().close();
        } catch (SQLException e) {
            closeFailure = failures.translate("close the database", e);
        }
    }
}
