package dev.loom.store.sqlite.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running child JVM of a crash test ({@link CrashWorkload}, {@link PipelineCrashWorkload}), seen from the test: its
 * stdout lines, stdin, SIGKILL.
 */
final class WorkloadProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    /** The child logs warnings and errors to a file in the work directory, keeping stdout for its reports. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                <file>%s</file>
                <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{20} - %%msg%%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="FILE"/></root>
            </configuration>
            """;

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;

    private WorkloadProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon(true).name("child-stdout").start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout unreadable: " + e.getMessage());
            }
            lines.add(EOF);
        });
    }

    /** Starts {@code CrashWorkload <mode> <dir> <round>} with this JVM's java and class path. */
    static WorkloadProcess start(Path dir, String mode, int round) throws IOException {
        return start(CrashWorkload.class, dir, mode, round);
    }

    /** Starts {@code <main> <mode> <dir> <round>} with this JVM's java and class path. */
    static WorkloadProcess start(Class<?> main, Path dir, String mode, int round) throws IOException {
        Path logback = dir.resolve("child-logback.xml");
        if (!Files.exists(logback)) {
            Files.writeString(logback, LOGBACK.formatted(dir.resolve("child.log")));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-Djava.io.tmpdir=" + tmp, "-Dorg.sqlite.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                main.getName(), mode, dir.toString(), Integer.toString(round));
        Path err = dir.resolve("child-r" + round + ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        return new WorkloadProcess(p, err);
    }

    /** Waits for the next report line starting with {@code prefix} (other lines are skipped) and returns it. */
    String await(String prefix, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError("child printed no '" + prefix + "' line within " + timeout
                        + (line == null ? "" : " (it exited with " + process.waitFor() + ")") + "; its stderr:\n"
                        + stderrTail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Asks the child to stop gracefully (Loom.shutdown) and waits for it to exit; returns its exit code. */
    int stop(Duration timeout) throws IOException, InterruptedException {
        stdin.write("stop\n");
        stdin.flush();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not stop within " + timeout + "; its stderr:\n" + stderrTail());
        }
        return process.exitValue();
    }

    /** SIGKILL (Process.destroyForcibly is kill -9 on Linux), then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    String stderrTail() throws IOException {
        String all = Files.exists(stderr) ? Files.readString(stderr) : "";
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
