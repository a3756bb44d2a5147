package dev.loom.bench.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time used so far by this JVM and by the PostgreSQL server's processes (the postmaster, its live backends
 * and, through the postmaster's children counters, the backends that exited). On a machine shared with other work
 * throughput varies with the load, CPU per increment much less, so the comparison prints both. The server's time
 * is read from Linux's {@code /proc} in clock ticks of 10 ms (USER_HZ); elsewhere it is not known.
 */
final class CpuClock {
    /** CPU used by the two sides, in nanoseconds; the server's is empty where {@code /proc} cannot say. */
    record CpuTime(long jvmNanos, OptionalLong serverNanos) {
        CpuTime since(CpuTime earlier) {
            OptionalLong server = serverNanos.isPresent() && earlier.serverNanos.isPresent()
                    ? OptionalLong.of(serverNanos.getAsLong() - earlier.serverNanos.getAsLong()) : OptionalLong.empty();
            return new CpuTime(jvmNanos - earlier.jvmNanos, server);
        }
    }

    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long postmaster;

    CpuClock(long postmasterPid) {
        this.postmaster = postmasterPid;
    }

    CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuTime(jvm, serverTicks().stream().map(t -> t * NANOS_PER_TICK).findFirst());
    }

    private OptionalLong serverTicks() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long[] stat = stat(entry.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid == postmaster) {
                    ticks += stat[1] + stat[2] + stat[3] + stat[4];
                } else if (stat[0] == postmaster) {
                    ticks += stat[1] + stat[2];
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks);
    }

    /** Parent pid, utime, stime, cutime, cstime of a {@code /proc/<pid>/stat}; null if the process is gone. */
    private static long[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        // the command name in parentheses may hold spaces; the fields after it are space-separated
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return new long[]{Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }
}
