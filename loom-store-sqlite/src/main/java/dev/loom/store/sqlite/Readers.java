package dev.loom.store.sqlite;

import dev.loom.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few platform threads, each with its own read-only connection, that run the store's queries. In WAL
 * mode readers see the last committed state and neither block the writer nor wait for it.
 */
final class Readers implements AutoCloseable {
    /** A query run on a reader's connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(Statements statements) throws SQLException;
    }

    private final DatabaseFile file;
    private final ExecutorService pool;
    private final ThreadLocal<Statements> own = new ThreadLocal<>();
    private final List<Statements> opened = new ArrayList<>();

    Readers(DatabaseFile file, int threads) {
        this.file = file;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads,
                r -> Thread.ofPlatform().name("loom-sqlite-reader-" + n.incrementAndGet()).daemon(true).unstarted(r));
    }

    /**
     * Runs {@code read} on a reader thread and waits for its answer.
     *
     * @throws StoreException if the query failed or the store is closed
     */
    <T> T read(Read<T> read) {
        Future<T> answer;
        try {
            answer = pool.submit(() -> read.run(statements()));
        } catch (RejectedExecutionException e) {
            throw new StoreException("the SQLite store is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sql) {
                        throw file.failures().translate("read", sql);
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new StoreException("an SQLite reader failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Statements statements() {
        Statements s = own.get();
        if (s == null) {
            Connection connection = file.openReader();
            s = new Statements(connection);
            own.set(s);
            synchronized (opened) {
                opened.add(s);
            }
        }
        return s;
    }

    @Override
    public void close() {
        pool.shutdown();
        boolean interrupted = false;
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        StoreException failure = null;
        synchronized (opened) {
            for (Statements s : opened) {
                try {
                    s.close();
                    s.connection().close();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = file.failures().translate("close a reader", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            opened.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
