package dev.loom.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the processes holding a write transaction on a database file, from the kernel's table of POSIX locks
 * ({@code /proc/locks}, Linux), so that "the file is locked" can name the process and say whether it is stopped.
 *
 * <p>SQLite marks a write transaction with a write lock: in WAL mode (Loom's files) on byte 120 of the
 * {@code -shm} file (the WAL write lock); in rollback-journal mode (a file another tool opened first) on the
 * RESERVED or PENDING byte of the database file; and with {@code locking_mode=EXCLUSIVE} on the database file's
 * SHARED range (an exclusive lock). Read locks (readers, the WAL index's own) are ignored: they do not make a
 * writer wait for the busy timeout.
 */
final class LockHolders {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");
    private static final long WAL_WRITE_LOCK = 120;
    private static final long PENDING_BYTE = 0x4000_0000L;
    private static final long RESERVED_BYTE = PENDING_BYTE + 1;
    private static final long SHARED_FIRST = PENDING_BYTE + 2;

    private LockHolders() {
    }

    /**
     * A process holding a write transaction.
     *
     * @param pid     its process id (as this process sees it)
     * @param command its command name ({@code /proc/<pid>/comm}), never its arguments, which may hold secrets
     * @param stopped whether it is stopped (SIGSTOP, SIGTSTP or a debugger), so it will not finish by itself
     * @param self    whether it is this process (another connection of it holds the transaction)
     */
    record Holder(long pid, String command, boolean stopped, boolean self) {
    }

    /**
     * The holders of a write transaction on {@code database}; empty when there is none (it has just ended) or
     * when the platform has no {@code /proc/locks}.
     *
     * @throws IOException if {@code /proc/locks} or the files' attributes cannot be read
     */
    static List<Holder> of(Path database) throws IOException {
        if (!Files.isReadable(PROC_LOCKS)) {
            return List.of();
        }
        Optional<FileId> db = FileId.of(database);
        Optional<FileId> shm = FileId.of(database.resolveSibling(database.getFileName() + "-shm"));
        Set<Long> pids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(PROC_LOCKS)) {
            parse(line).filter(l -> l.holdsWriteTransactionOn(db, shm)).ifPresent(l -> pids.add(l.pid()));
        }
        long me = ProcessHandle.current().pid();
        List<Holder> holders = new ArrayList<>();
        for (long pid : pids) {
            describe(pid, pid == me).ifPresent(holders::add);
        }
        return holders;
    }

    /** One line of /proc/locks, e.g. {@code 1: POSIX  ADVISORY  WRITE 25996 fe:00:2147590 120 120}. */
    private record Lock(String kind, String access, long pid, FileId file, long start, long end) {
        boolean covers(long offset) {
            return start <= offset && offset <= end;
        }

        boolean holdsWriteTransactionOn(Optional<FileId> db, Optional<FileId> shm) {
            if (!kind.equals("POSIX") || !access.equals("WRITE") || pid <= 0) {
                return false;
            }
            return shm.filter(file::equals).isPresent() && covers(WAL_WRITE_LOCK)
                    || db.filter(file::equals).isPresent() && (covers(RESERVED_BYTE) || covers(PENDING_BYTE) || covers(SHARED_FIRST));
        }
    }

    private static Optional<Lock> parse(String line) {
        String[] f = line.trim().split("\\s+");
        // Waiters are listed as "n: -> POSIX ..." under the lock they wait for; they hold nothing.
        if (f.length < 8 || f[1].equals("->")) {
            return Optional.empty();
        }
        String[] dev = f[5].split(":");
        if (dev.length != 3) {
            return Optional.empty();
        }
        try {
            long end = f[7].equals("EOF") ? Long.MAX_VALUE : Long.parseLong(f[7]);
            FileId file = new FileId(Long.parseLong(dev[0], 16), Long.parseLong(dev[1], 16), Long.parseLong(dev[2]));
            return Optional.of(new Lock(f[1], f[3], Long.parseLong(f[4]), file, Long.parseLong(f[6]), end));
        } catch (NumberFormatException e) {
            // A line in a format this code does not know (another kernel's) names no holder Loom can report.
            return Optional.empty();
        }
    }

    private static Optional<Holder> describe(long pid, boolean self) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String command = Files.readString(proc.resolve("comm")).strip();
            String stat = Files.readString(proc.resolve("stat"));
            // The state follows the command name, which is in parentheses and may itself contain ") ".
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            char state = afterName.isEmpty() ? '?' : afterName.charAt(0);
            return Optional.of(new Holder(pid, command, state == 'T' || state == 't', self));
        } catch (NoSuchFileException gone) {
            // The process exited between reading /proc/locks and now, releasing its lock: it is no holder.
            return Optional.empty();
        }
    }

    /** A file as the kernel names it in /proc/locks: device major and minor number, inode. */
    private record FileId(long major, long minor, long inode) {
        static Optional<FileId> of(Path file) throws IOException {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            // glibc's encoding of dev_t (gnu_dev_major / gnu_dev_minor).
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return Optional.of(new FileId(major, minor & 0xffff_ffffL, inode));
        }
    }
}
