package dev.loom.store.postgres;

import dev.loom.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Group commit: one thread takes the commits and enqueues of every caller of this store handle and runs them in
 * shared transactions ({@link WriteApplier}), bounded by {@link PostgresStoreOptions#maxBatchWrites()} and
 * {@link PostgresStoreOptions#batchLinger()}. While one transaction commits, the next batch forms in the queue,
 * so the cost of a commit's WAL flush is shared by every caller that arrived meanwhile. Callers, virtual threads
 * included, block on a future.
 *
 * <p>A batch whose {@code DELETE} finds fewer of the messages it assumed queued ({@link Tx.AssumptionFailed}) is
 * rolled back before its commit and run once more with every message read first; remembered journal heads stay.
 * A batch that fails as a whole because of a conflict with another node's transaction (a unique violation the
 * locked model could not foresee) is rolled back and each of its tasks runs again in a transaction of its own,
 * every write in a savepoint, so one write's conflict rejects that write only. A deadlock or serialization failure
 * reported by the server reruns the batch. Lost connections fail the batch's callers with a {@link StoreException}.
 */
final class GroupCommitter implements AutoCloseable {
    private record Pending(WriteApplier.Task task, CompletableFuture<Object> result) {
    }

    private static final Pending STOP = new Pending(new WriteApplier.Enqueue(List.of()), new CompletableFuture<>());
    private static final int RETRIES = 3;

    private final DataSource pool;
    private final WriteApplier applier;
    private final PostgresFailures failures;
    private final Notifier notifier;
    private final int maxBatchWrites;
    private final long lingerNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private boolean closed;

    GroupCommitter(DataSource pool, WriteApplier applier, PostgresFailures failures, Notifier notifier,
                   PostgresStoreOptions options) {
        this.pool = pool;
        this.applier = applier;
        this.failures = failures;
        this.notifier = notifier;
        this.maxBatchWrites = options.maxBatchWrites();
        this.lingerNanos = options.batchLinger().toNanos();
        this.thread = Thread.ofPlatform().name("loom-postgres-committer-" + options.schema()).daemon(true)
                .unstarted(this::loop);
        thread.start();
    }

    /**
     * Runs {@code task} in the next shared transaction and waits until it committed.
     *
     * @throws StoreException if the transaction failed or the store is closed
     */
    Object submit(WriteApplier.Task task) {
        Pending pending = new Pending(task, new CompletableFuture<>());
        synchronized (lifecycle) {
            if (closed) {
                throw new StoreException("the PostgreSQL store is closed");
            }
            queue.add(pending);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.result().get();
                } catch (InterruptedException e) {
                    // The task may already be committing; its outcome must still reach the caller.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new StoreException("the PostgreSQL group committer failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Finishes the tasks already submitted, then stops. */
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
    }

    private void loop() {
        boolean stop = false;
        while (!stop) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.take();
                if (first == STOP) {
                    break;
                }
                batch.add(first);
                stop = fill(batch, first.task().weight());
            } catch (InterruptedException e) {
                // Only close() stops the committer; an interrupt from elsewhere is no reason to lose work.
                continue;
            }
            run(batch);
        }
    }

    private boolean fill(List<Pending> batch, int weight) throws InterruptedException {
        long lingerUntil = System.nanoTime() + lingerNanos;
        while (weight < maxBatchWrites) {
            Pending next = queue.poll();
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
            batch.add(next);
            weight += next.task().weight();
        }
        return false;
    }

    private void run(List<Pending> batch) {
        try {
            List<Object> results = transaction(batch, false);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (SQLException e) {
            if (PostgresFailures.isConnectionLoss(e)) {
                StoreException failure = failures.translate("commit", e);
                batch.forEach(p -> p.result().completeExceptionally(failure));
            } else {
                runIsolated(batch);
            }
        } catch (RuntimeException e) {
            runIsolated(batch);
        } catch (Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            throw e;
        }
    }

    /** Each task of a failed batch in a transaction of its own, each write in a savepoint. */
    private void runIsolated(List<Pending> batch) {
        for (Pending p : batch) {
            try {
                p.result().complete(transaction(List.of(p), true).get(0));
            } catch (SQLException e) {
                p.result().completeExceptionally(failures.translate("commit", e));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
    }

    private List<Object> transaction(List<Pending> batch, boolean isolated) throws SQLException {
        List<WriteApplier.Task> tasks = batch.stream().map(Pending::task).toList();
        boolean verifies = false;
        for (int attempt = 1; ; attempt++) {
            Set<Integer> inserted;
            Set<Integer> replied;
            List<Object> results;
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                Tx tx = new Tx(c, isolated, verifies);
                try {
                    results = applier.run(tx, tasks);
                    c.commit();
                    applier.committed(tx);
                    inserted = new TreeSet<>(tx.insertedPartitions());
                    replied = new TreeSet<>(tx.repliedPartitions());
                } catch (SQLException | RuntimeException e) {
                    boolean assumedWrongly = e instanceof Tx.AssumptionFailed;
                    if (!assumedWrongly) {
                        // The outcome may be unknown (a lost connection during commit): remembered heads may be stale.
                        applier.forgetHeads();
                    }
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    if (assumedWrongly && !verifies) {
                        // failed before COMMIT was sent, so nothing of it is stored: the same batch, reading every message
                        verifies = true;
                        attempt--;
                        continue;
                    }
                    if (e instanceof SQLException sql && PostgresFailures.isRetryable(sql) && attempt < RETRIES) {
                        continue;
                    }
                    throw e;
                } finally {
                    // the pool restores auto-commit when the connection is returned
                    tx.close();
                }
            }
            notifier.changed(inserted);
            notifier.replied(replied);
            return results;
        }
    }
}
