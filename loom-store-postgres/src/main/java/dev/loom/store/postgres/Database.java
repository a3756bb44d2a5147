package dev.loom.store.postgres;

import dev.loom.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs a caller's statements on a pooled connection, in the caller's thread (pgjdbc and HikariCP block virtual
 * threads without pinning them), and turns failures into {@link StoreException}s that say what failed.
 */
final class Database {
    /** Statements to run on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int RETRIES = 3;

    private final DataSource pool;
    private final PostgresFailures failures;
    private final Supplier<Boolean> closed;
    private final String describe;

    Database(DataSource pool, PostgresFailures failures, Supplier<Boolean> closed, String describe) {
        this.pool = pool;
        this.failures = failures;
        this.closed = closed;
        this.describe = describe;
    }

    DataSource pool() {
        return pool;
    }

    PostgresFailures failures() {
        return failures;
    }

    /** @throws StoreException if the store is closed */
    void checkOpen() {
        if (closed.get()) {
            throw new StoreException("the PostgreSQL store " + describe + " is closed");
        }
    }

    /** Runs {@code work} with auto-commit (one statement, one snapshot). */
    <T> T read(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failures.translate(action, e);
        }
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction, again (up to three times) if the server ends it for a
     * deadlock or serialization failure.
     */
    <T> T transaction(String action, Work<T> work) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                if (PostgresFailures.isRetryable(e) && attempt < RETRIES) {
                    continue;
                }
                throw failures.translate(action, e);
            }
        }
    }
}
