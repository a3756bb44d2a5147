package dev.loom.store.sqlite;

import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.BackupStore;
import dev.loom.spi.BackupRefusedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Backups of a SQLite store.
 *
 * <p>Export: a platform thread of its own opens a read-only connection and reads every table inside one read
 * transaction (WAL gives it one snapshot of the file while the writer goes on committing), streaming row by
 * row to the sink, which runs on that thread. Import: one write transaction of its own on the writer thread
 * ({@link Writer#submitAlone}), reading the source as it inserts; any failure rolls it back whole.
 */
final class SqliteBackupStore implements BackupStore {
    private final DatabaseFile file;
    private final Writer writer;
    private final PartitionRange range;

    SqliteBackupStore(DatabaseFile file, Writer writer, PartitionRange range) {
        this.file = file;
        this.writer = writer;
        this.range = range;
    }

    @Override
    public BackupCounts export(Consumer<BackupRecord> sink) {
        AtomicReference<BackupCounts> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread exporter = Thread.ofPlatform().name("loom-sqlite-export").daemon(true).start(() -> {
            try (Connection connection = file.openReader(); Statements st = new Statements(connection)) {
                result.set(exportIn(st, sink));
            } catch (SQLException e) {
                failure.set(file.failures().translate("export", e));
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        });
        boolean interrupted = false;
        while (exporter.isAlive()) {
            try {
                exporter.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return result.get();
    }

    private BackupCounts exportIn(Statements st, Consumer<BackupRecord> sink) throws SQLException {
        st.execute("BEGIN");
        try {
            BackupCounts counts = BackupTables.count(st);
            sink.accept(new BackupRecord.Header("sqlite", range.count(), FORMAT_VERSION, Instant.now(), counts));
            BackupCounts sent = BackupTables.stream(st, sink);
            st.execute("COMMIT");
            return sent;
        } catch (SQLException | RuntimeException e) {
            try {
                st.execute("ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    @Override
    public BackupCounts importFrom(Iterator<BackupRecord> source) {
        return writer.submitAlone(tx -> {
            BackupTables.requireEmpty(tx.statements());
            BackupRecord.Header header = BackupRecord.Header.first(source, range.count());
            if (header.counts().messages() > 0) {
                BackupTables.requireNoSeqsAssigned(tx.statements());
            }
            BackupCounts received = BackupCounts.ZERO;
            try (BackupInserts inserts = new BackupInserts(tx, range)) {
                while (source.hasNext()) {
                    BackupRecord record = source.next();
                    if (record instanceof BackupRecord.Header) {
                        throw new BackupRefusedException("the backup has a second header record");
                    }
                    inserts.insert(record);
                    received = received.plus(record);
                }
                header.requireCounts(received);
                inserts.finish();
            }
            return received;
        });
    }
}
