package dev.loom.store.sqlite;

import dev.loom.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The database file: opening connections, recognising a Loom database, migrating its schema.
 *
 * <p>Nothing is written to a file until it has been recognised as a Loom database (or an empty one) whose
 * schema this build knows, so a foreign or newer file is left exactly as it was.
 */
final class DatabaseFile {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final SqliteStoreOptions options;
    private final SqliteFailures failures;

    DatabaseFile(SqliteStoreOptions options) {
        this.file = options.path().toAbsolutePath().normalize();
        this.options = options;
        this.failures = new SqliteFailures(file, options.busyTimeout());
    }

    Path path() {
        return file;
    }

    SqliteFailures failures() {
        return failures;
    }

    /**
     * Opens the writer's connection: checks the file, creates or migrates the schema, sets WAL mode.
     *
     * @return the connection and the file's partition count
     * @throws StoreException with a message saying what is wrong with the file
     */
    Opened openWriter() {
        checkBeforeOpening();
        Connection connection;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) options.busyTimeout().toMillis());
            connection = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failures.translate("open " + file, e);
        }
        try {
            int partitions = prepare(connection);
            return new Opened(connection, partitions);
        } catch (SQLException e) {
            closeQuietlyAfter(connection, e);
            throw failures.translate("open " + file, e);
        } catch (RuntimeException e) {
            closeQuietlyAfter(connection, e);
            throw e;
        }
    }

    /** A read-only connection for a reader thread (WAL: it never blocks the writer nor waits for it). */
    Connection openReader() {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) options.busyTimeout().toMillis());
            config.setReadOnly(true);
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failures.translate("open a reader on " + file, e);
        }
    }

    /** A read-write connection for the background checkpointer (it writes the database file, not rows). */
    Connection openCheckpointer() {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) options.busyTimeout().toMillis());
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw failures.translate("open the checkpoint connection on " + file, e);
        }
    }

    /** The connection of the writer and the partition count recorded in the file. */
    record Opened(Connection connection, int partitions) {
    }

    private void checkBeforeOpening() {
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": cannot create its directory " + dir + " ("
                    + describe(e) + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw new StoreException("cannot open " + file + ": it is a directory, not a Loom database file");
        }
        if (Files.exists(file)) {
            checkSqliteHeader();
            if (!Files.isWritable(file)) {
                throw new StoreException("cannot open " + file + ": the database file is read-only (check its"
                        + " permissions and that the file system is mounted read-write)");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("cannot open " + file + ": its directory " + dir + " is not writable"
                    + " (SQLite creates " + file.getFileName() + "-wal and " + file.getFileName()
                    + "-shm beside the database; check permissions and that the file system is mounted read-write)");
        }
    }

    private void checkSqliteHeader() {
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": cannot read it (" + describe(e) + ")", e);
        }
        if (read > 0 && (read < header.length || !Arrays.equals(header, SQLITE_HEADER))) {
            throw new StoreException(file + " is not a Loom database (it is not an SQLite file); refusing to open it");
        }
    }

    private int prepare(Connection connection) throws SQLException {
        List<String> tables = tables(connection);
        if (!tables.isEmpty() && !tables.contains(Migrations.META_TABLE)) {
            throw new StoreException(file + " is an SQLite database but not a Loom database (it has the tables "
                    + tables + " and no " + Migrations.META_TABLE + " table); refusing to open it");
        }
        if (!tables.isEmpty()) {
            checkVersionKnown(connection);
        }
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                String mode = rs.next() ? rs.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException("cannot open " + file + ": SQLite refused WAL mode (journal mode is "
                            + mode + "); the file system may not support shared memory");
                }
            }
            s.execute("PRAGMA synchronous=" + options.synchronous().name());
            s.execute("PRAGMA foreign_keys=OFF");
            s.execute("PRAGMA temp_store=MEMORY");
            s.execute("PRAGMA cache_size=-32768");
            s.execute("PRAGMA wal_autocheckpoint=" + Checkpointer.BACKSTOP_PAGES);
        }
        migrate(connection);
        return partitionsOf(connection);
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private void checkVersionKnown(Connection connection) throws SQLException {
        int version = storedVersion(connection).orElseThrow(() -> new StoreException(file
                + " has a " + Migrations.META_TABLE + " table without a schema_version; it is not a Loom"
                + " database or it is damaged; refusing to open it"));
        if (version > Migrations.LATEST) {
            throw new StoreException(file + " was written by a newer Loom (schema " + version
                    + ", this build knows " + Migrations.LATEST + "); refusing to open it. Upgrade Loom.");
        }
    }

    private static Optional<Integer> storedVersion(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT value FROM " + Migrations.META_TABLE + " WHERE key = 'schema_version'");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(rs.getString(1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** Applies the missing migrations in one write transaction (another process may be doing the same). */
    private void migrate(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                s.execute("CREATE TABLE IF NOT EXISTS " + Migrations.META_TABLE
                        + " (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
                int current = storedVersion(connection).orElse(0);
                if (current > Migrations.LATEST) {
                    throw new StoreException(file + " was written by a newer Loom (schema " + current
                            + ", this build knows " + Migrations.LATEST + "); refusing to open it. Upgrade Loom.");
                }
                if (current == 0) {
                    putMeta(connection, "partitions", Integer.toString(options.partitions()));
                    putMeta(connection, "created_at", Instant.now().toString());
                }
                for (Migration m : Migrations.ALL) {
                    if (m.version() > current) {
                        for (String sql : m.statements()) {
                            s.execute(sql);
                        }
                        putMeta(connection, "schema_version", Integer.toString(m.version()));
                    }
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static void putMeta(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + Migrations.META_TABLE
                + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        }
    }

    private int partitionsOf(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT value FROM " + Migrations.META_TABLE + " WHERE key = 'partitions'");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException(file + " records no partition count in " + Migrations.META_TABLE
                        + "; the file is damaged; refusing to open it");
            }
            return Integer.parseInt(rs.getString(1));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.toString();
    }

    private static void closeQuietlyAfter(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
