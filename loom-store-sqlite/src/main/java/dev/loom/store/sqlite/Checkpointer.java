package dev.loom.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file from its own connection and platform thread, every interval, with
 * a PASSIVE checkpoint: it never waits for the writer or readers and never blocks them. Without it, SQLite runs
 * the checkpoint inside the commit that crosses the auto-checkpoint size, stalling every turn waiting on that
 * commit for as long as the copy and its fsync take (hundreds of milliseconds under load). The writer keeps a
 * much larger auto-checkpoint only as a backstop, should this thread fall behind.
 */
final class Checkpointer implements AutoCloseable {
    /** The writer's auto-checkpoint, in pages: reached only if this checkpointer cannot keep up. */
    static final int BACKSTOP_PAGES = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running = true;

    Checkpointer(Connection connection, Duration interval) {
        this.connection = connection;
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("loom-sqlite-checkpointer").start(this::loop);
    }

    private void loop() {
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                return;
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
            } catch (SQLException e) {
                LOG.warn("background WAL checkpoint failed ({}); the writer's auto-checkpoint remains as a backstop",
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection failed: {}", e.getMessage());
        }
    }
}
