package dev.loom.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real file-system conditions for error tests: a tiny tmpfs (a disk that fills up) and a read-only bind
 * mount. Needs root and {@code mount}; a test using it is skipped (not passed) where they are unavailable.
 */
final class Mounts {
    private Mounts() {
    }

    static void tmpfs(Path at, String size) throws IOException, InterruptedException {
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()));
    }

    static void readOnlyBind(Path at) throws IOException, InterruptedException {
        run(List.of("mount", "--bind", "-o", "ro", at.toString(), at.toString()));
    }

    static void unmount(Path at) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("umount " + at + " failed: " + out);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount file systems");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("cannot run mount: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                () -> String.join(" ", command) + " failed: " + out);
    }
}
