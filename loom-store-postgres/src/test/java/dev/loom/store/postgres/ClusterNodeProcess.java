package dev.loom.store.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link ClusterNodeMain} child JVM on the test class path, with its stdout collected and stderr in a file. */
final class ClusterNodeProcess implements AutoCloseable {
    private final String nodeId;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();

    private ClusterNodeProcess(String nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                stdout.add("<stream closed: " + e + ">");
            }
        });
    }

    static ClusterNodeProcess start(TestPostgres pg, String schema, int partitions, String nodeId, Duration leaseTtl,
                                    Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                ClusterNodeMain.class.getName(), pg.url(), TestPostgres.USER, TestPostgres.PASSWORD, schema,
                Integer.toString(partitions), nodeId, Long.toString(leaseTtl.toMillis()))
                .redirectError(dir.resolve(nodeId + ".err").toFile()).start();
        return new ClusterNodeProcess(nodeId, p);
    }

    String nodeId() {
        return nodeId;
    }

    boolean ready() {
        return stdout.contains("READY " + nodeId);
    }

    /** SIGTERM, through the process handle so that our end of its stdout stays open while it drains. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL: the node stops at once, as in a crash; its leases stay until they expire. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the exit and returns its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(nodeId + " did not exit within " + timeout + "; stdout: " + stdout);
        }
        return process.exitValue();
    }

    List<String> stdout() {
        return stdout;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
