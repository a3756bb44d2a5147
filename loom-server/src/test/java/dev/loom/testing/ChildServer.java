package dev.loom.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A server in its own JVM (java from java.home, the test classpath), so tests can send it real signals. */
public final class ChildServer implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildServer(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, true);
        pump(process.getErrorStream(), stderr, false);
    }

    public static ChildServer start(Map<String, String> env) throws IOException {
        return start(env, List.of());
    }

    /** A server with extra JVM options (before the class path), e.g. to start faster on a busy machine. */
    public static ChildServer start(Map<String, String> env, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", cp, ServerMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("LOOM_") || k.startsWith("LOG_"));
        pb.environment().putAll(env);
        return new ChildServer(pb.start());
    }

    private void pump(InputStream in, List<String> lines, boolean watchPort) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (watchPort && line.startsWith("PORT=")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
            } catch (IOException e) {
                lines.add("<stream closed: " + e + ">");
            }
            port.completeExceptionally(new IllegalStateException("child exited before printing its port; stderr: "
                    + String.join("\n", stderr) + "\nstdout: " + String.join("\n", stdout)));
        });
    }

    /** The bound port, once the server has started. */
    public int port() throws Exception {
        return port.get(60, TimeUnit.SECONDS);
    }

    /**
     * Sends SIGTERM. Through the process handle rather than {@code Process.destroy()}, which also closes our
     * ends of the child's output pipes and would lose what it logs while draining.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL: the process dies at once, as in a crash (leases unreleased, turns cut off mid-way). */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Sends SIGSTOP ({@code pause = true}) or SIGCONT: the process freezes, its sockets stay open. */
    public void pause(boolean pause) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", pause ? "-STOP" : "-CONT", String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + (pause ? "-STOP " : "-CONT ") + process.pid() + " failed: " + out);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the exit and returns its status. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child server did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    public List<String> stdout() {
        return stdout;
    }

    public List<String> stderr() {
        return stderr;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
