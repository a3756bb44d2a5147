package dev.loom.store.sqlite;

import dev.loom.spi.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns SQLite's result codes into {@link StoreException}s whose messages say what is wrong with the file
 * and what to do, instead of a driver stack trace.
 */
final class SqliteFailures {
    static final int BUSY = 5;
    static final int LOCKED = 6;
    static final int READONLY = 8;
    static final int IOERR = 10;
    static final int CORRUPT = 11;
    static final int FULL = 13;
    static final int CANTOPEN = 14;
    static final int CONSTRAINT = 19;
    static final int NOTADB = 26;

    private final Path file;
    private final Duration busyTimeout;

    SqliteFailures(Path file, Duration busyTimeout) {
        this.file = file;
        this.busyTimeout = busyTimeout;
    }

    /** SQLite's primary result code of {@code e} (the extended code's low byte). */
    static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    /** Whether {@code e} is a conflict with stored data rather than a failure of the store. */
    static boolean isConstraint(SQLException e) {
        return primaryCode(e) == CONSTRAINT;
    }

    /** A failure of {@code action} ("open", "commit", ...) as a store exception with a clear message. */
    StoreException translate(String action, SQLException e) {
        String reason = switch (primaryCode(e)) {
            case BUSY, LOCKED -> locked();
            case FULL -> "the disk holding " + file + " is full (SQLITE_FULL); free space and retry";
            case READONLY -> "the database file " + file
                    + " is read-only (check the permissions of the file and its directory, and that the file"
                    + " system is mounted read-write)";
            case CANTOPEN -> "cannot open the database file " + file
                    + " (check that its directory exists and is writable: SQLite creates " + file.getFileName()
                    + "-wal and " + file.getFileName() + "-shm beside it)";
            case NOTADB -> file + " is not a Loom database (it is not an SQLite file)";
            case CORRUPT -> "the database file " + file + " is corrupt; restore it from a backup";
            case IOERR -> "I/O error on the database file " + file + ": " + e.getMessage();
            default -> "SQLite error on " + file + ": " + e.getMessage();
        };
        return new StoreException("cannot " + action + ": " + reason, e);
    }

    /**
     * Why a write waited out the busy timeout, naming the process that holds the write transaction when the
     * platform can tell (Linux), and what to do about it: a stopped holder never ends its transaction by itself.
     */
    private String locked() {
        String waited = " (waited " + busyTimeout.toMillis() + " ms)";
        List<LockHolders.Holder> holders;
        try {
            holders = LockHolders.of(file);
        } catch (IOException | RuntimeException e) {
            return "the database file " + file + " is locked by another process" + waited + "; which one could not"
                    + " be told (" + e + "); " + unknownHolderAdvice();
        }
        if (holders.isEmpty()) {
            return "the database file " + file + " is locked by another process" + waited + "; "
                    + unknownHolderAdvice();
        }
        if (holders.stream().allMatch(LockHolders.Holder::self)) {
            return "the database file " + file + " is locked by another connection of this process (pid "
                    + holders.getFirst().pid() + ") that holds a write transaction" + waited
                    + "; end that transaction or close the connection, then retry";
        }
        List<LockHolders.Holder> others = holders.stream().filter(h -> !h.self()).toList();
        String who = others.stream()
                .map(h -> "process " + h.pid() + " (" + h.command() + (h.stopped() ? ", stopped" : "") + ")")
                .collect(Collectors.joining(", "));
        List<String> stopped = others.stream().filter(LockHolders.Holder::stopped)
                .map(h -> Long.toString(h.pid())).toList();
        String advice = stopped.isEmpty()
                ? "let it finish its transaction or stop it, then retry"
                : "it is stopped and will not release the lock by itself: resume it (kill -CONT "
                        + String.join(" ", stopped) + ") or end it, then retry";
        return "the database file " + file + " is locked by another process: " + who
                + " holds a write transaction on it" + waited + "; " + advice;
    }

    private String unknownHolderAdvice() {
        return "find the process holding it (fuser " + file + " " + file + "-shm), let it finish its transaction"
                + " or stop it, then retry";
    }
}
