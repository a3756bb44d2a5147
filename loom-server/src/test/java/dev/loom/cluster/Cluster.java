package dev.loom.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.json.Json;
import dev.loom.spi.QueueStats;
import dev.loom.spi.Store;
import dev.loom.testing.ChildServer;
import dev.loom.testing.ClusterPostgres;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loom servers in child JVMs on one store (an embedded PostgreSQL database, or a SQLite file for one node), running the example actors with a shared gateway
 * ledger, so tests can kill, pause and restart them. Node {@code i} is {@code node-i}; a restarted node keeps its id
 * (so it fences its own earlier incarnation) and gets a new port.
 */
final class Cluster implements AutoCloseable {
    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    static final int SNAPSHOT_EVERY = 25;
    private static final Pattern METRIC_LINE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");

    /** One node slot: the current incarnation, and every incarnation's output. */
    static final class Node {
        final int index;
        final String id;
        volatile ChildServer child;
        volatile int port;
        /** Whether clients may use it (a load balancer's view: up and not paused). */
        volatile boolean serving;
        final List<ChildServer> incarnations = new CopyOnWriteArrayList<>();

        Node(int index) {
            this.index = index;
            this.id = "node-" + index;
        }

        String url() {
            return "http://localhost:" + port;
        }
    }

    final ClusterStore store;
    final Path dir;
    final Node[] nodes;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code size} nodes on one PostgreSQL server. */
    Cluster(Path dir, int size, Map<String, String> overrides) {
        this(dir, ClusterStore.Postgres.start(dir), size, overrides);
    }

    /** One node on a SQLite file in {@code dir/node-0}, restarted on the same file after each kill. */
    static Cluster sqlite(Path dir, Map<String, String> overrides) {
        return new Cluster(dir, new ClusterStore.SqliteFile(dir.resolve("node-0")), 1, overrides);
    }

    private Cluster(Path dir, ClusterStore store, int size, Map<String, String> overrides) {
        this.dir = dir;
        this.store = store;
        this.nodes = new Node[size];
        for (int i = 0; i < size; i++) {
            nodes[i] = new Node(i);
        }
        this.env = new HashMap<>(store.env());
        env.put("LOOM_HTTP_PORT", "0");
        env.put("LOG_LEVEL", "warn");
        env.put("LOOM_TOKENS", "admin:" + TestServers.ADMIN + ",writer:" + TestServers.WRITER + ",reader:" + TestServers.READER);
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "100000");
        env.put("LOOM_RATE_LIMITS_PER_CLIENT_BURST", "100000");
        env.put("LOOM_RUNTIME_LEASE_TTL", LEASE_TTL.toMillis() + "ms");
        env.put("LOOM_RUNTIME_DRAIN_TIMEOUT", "10s");
        for (String type : List.of("COUNTER", "ACCOUNT")) {
            env.put("LOOM_ACTORS_" + type + "_SNAPSHOT_EVERY", String.valueOf(SNAPSHOT_EVERY));
            env.put("LOOM_ACTORS_" + type + "_RETAIN_JOURNAL", "true");
        }
        env.put("LOOM_EXAMPLES_LEDGER", ledger().toString());
        env.putAll(overrides);
    }

    /** The PostgreSQL server, for tests that inject database faults. */
    ClusterPostgres postgres() {
        if (store instanceof ClusterStore.Postgres p) {
            return p.pg();
        }
        throw new IllegalStateException("this cluster runs on " + store + ", not on PostgreSQL");
    }

    /** Opens the nodes' data in this JVM, for the audit. */
    Store openStore() {
        return store.open();
    }

    Path ledger() {
        return dir.resolve("ledger.tsv");
    }

    /** Starts (or restarts) node {@code i} and waits until it answers. */
    void start(int i) throws Exception {
        Node n = nodes[i];
        Map<String, String> e = new HashMap<>(env);
        e.put("LOOM_NODE_ID", n.id);
        e.putIfAbsent("LOOM_DATA_DIR", dir.resolve(n.id).toString());
        // the C1 compiler alone and the serial collector: several nodes start (and restart) on a two-core machine
        ChildServer child = ChildServer.start(e, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        n.incarnations.add(child);
        n.child = child;
        n.port = child.port();
        n.serving = true;
    }

    void startAll() throws Exception {
        for (int i = 0; i < nodes.length; i++) {
            start(i);
        }
    }

    /** SIGKILL: a crash. */
    void kill(int i) throws InterruptedException {
        Node n = nodes[i];
        n.serving = false;
        n.child.kill();
        n.child.awaitExit(30);
    }

    /** SIGTERM and the drain; returns the exit status. */
    int terminate(int i) throws InterruptedException {
        Node n = nodes[i];
        n.serving = false;
        n.child.terminate();
        return n.child.awaitExit(60);
    }

    /** Waits until no message is queued in {@code store} (every accepted message handled). */
    void awaitDrained(Store store) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> store.messages().stats().stream().mapToLong(QueueStats::depth).sum() == 0);
    }

    /**
     * Waits until node {@code i}'s {@code /api/admin/queues} shows no message waiting: for a store that only the node
     * may open while it runs.
     */
    void awaitDrained(int i) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodes[i].url() + "/api/admin/queues"))
                    .header("Authorization", "Bearer " + TestServers.ADMIN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long depth = 0;
            for (var q : Json.parse(r.body()).path("queues")) {
                depth += q.path("depth").asLong();
            }
            return r.statusCode() == 200 && depth == 0;
        });
    }

    /** SIGTERM to every node at once; each must drain and exit 0. */
    void terminateAll() throws InterruptedException {
        for (Node n : nodes) {
            n.serving = false;
            n.child.terminate();
        }
        for (Node n : nodes) {
            assertThat(n.child.awaitExit(60)).as("exit status of %s after SIGTERM", n.id).isZero();
        }
    }

    /** SIGSTOP: taken out of the load balancer first, as its failing health checks would. */
    void pause(int i) throws IOException, InterruptedException {
        nodes[i].serving = false;
        nodes[i].child.pause(true);
    }

    void resume(int i) throws IOException, InterruptedException {
        nodes[i].child.pause(false);
    }

    /** The nodes clients may use now. */
    List<Node> serving() {
        List<Node> up = new ArrayList<>();
        for (Node n : nodes) {
            if (n.serving) {
                up.add(n);
            }
        }
        return up;
    }

    HttpClient http() {
        return http;
    }

    /**
     * A counter or gauge of node {@code i}'s /metrics, summed over its series whose labels contain {@code labels}
     * (0 when absent).
     */
    double metric(int i, String name, String labels) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodes[i].url() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            Matcher m = METRIC_LINE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && (m.group(2) == null ? "" : m.group(2)).contains(labels)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    /** Partitions node {@code i} holds, by its /api/admin/partitions. */
    int held(int i) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodes[i].url() + "/api/admin/partitions"))
                .header("Authorization", "Bearer " + TestServers.ADMIN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        int held = 0;
        for (var p : Json.parse(r.body()).path("partitions")) {
            if (p.path("heldHere").asBoolean()) {
                held++;
            }
        }
        return held;
    }

    /** Lines of every incarnation of node {@code i} that contain {@code text}. */
    long logLines(int i, String text) {
        return nodes[i].incarnations.stream().flatMap(c -> c.stdout().stream()).filter(l -> l.contains(text)).count();
    }

    long logLines(String text) {
        long n = 0;
        for (int i = 0; i < nodes.length; i++) {
            n += logLines(i, text);
        }
        return n;
    }

    /** Writes every incarnation's output to {@code target/cluster-logs/<name>/} (evidence for a failed run). */
    void keepLogs(String name) throws IOException {
        Path out = Path.of("target", "cluster-logs", name);
        java.nio.file.Files.createDirectories(out);
        for (Node n : nodes) {
            for (int k = 0; k < n.incarnations.size(); k++) {
                ChildServer c = n.incarnations.get(k);
                List<String> lines = new ArrayList<>(c.stdout());
                lines.addAll(c.stderr());
                java.nio.file.Files.write(out.resolve(n.id + "-" + (k + 1) + ".log"), lines);
            }
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            for (ChildServer c : n.incarnations) {
                c.close();
            }
        }
        store.close();
    }
}
