package dev.loom.cli.cluster;

import dev.loom.cli.CliException;
import dev.loom.cli.LoomCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One server node of {@code loom cluster}: {@code loom server} in a child JVM with the cluster's environment. */
final class ClusterNode {
    private static final List<String> JVM = List.of("-Xmx320m", "--enable-native-access=ALL-UNNAMED");

    private final String nodeId;
    private final int port;
    private final ChildProcess process;

    private ClusterNode(String nodeId, int port, ChildProcess process) {
        this.nodeId = nodeId;
        this.port = port;
        this.process = process;
    }

    /** Starts node {@code index} on {@code port}, its data directory and log in {@code dir}. */
    static ClusterNode start(int index, int port, Path dir, Map<String, String> clusterEnv) throws IOException {
        String nodeId = "node-" + index;
        Map<String, String> env = new HashMap<>(clusterEnv);
        env.put("LOOM_NODE_ID", nodeId);
        env.put("LOOM_HTTP_PORT", Integer.toString(port));
        // Each node's own files (the example gateway's ledger, if configured) stay apart; the token is shared.
        env.put("LOOM_DATA_DIR", dir.resolve(nodeId).toString());
        ChildProcess p = ChildProcess.start(nodeId, JVM, ChildProcess.ownClassPath(), LoomCommand.class.getName(),
                List.of("server"), env, dir.resolve(nodeId + ".log"));
        return new ClusterNode(nodeId, port, p);
    }

    String nodeId() {
        return nodeId;
    }

    String url() {
        return "http://localhost:" + port;
    }

    ChildProcess process() {
        return process;
    }

    /**
     * Waits until {@code /health/ready} answers 200 (store reachable, partitions held, not draining).
     *
     * @throws CliException if the node exits first or is not ready within {@code timeout}
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new CliException(nodeId + " exited with status " + process.exitValue() + " before it was ready;"
                        + " its log " + process.log() + " ends with:\n" + process.logTail(15));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: the JVM and the server are still starting
            }
            Thread.sleep(200);
        }
        throw new CliException(nodeId + " was not ready within " + timeout + " (GET /health/ready on port " + port
                + "); see " + process.log());
    }
}
