package dev.loom.cli.cluster;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.output.Table;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import dev.loom.config.StoreConfig;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start a Loom cluster on this machine to try it: a development PostgreSQL (embedded, kept in",
                "--data-dir across runs) and --nodes server nodes on ports --base-port, --base-port + 1, ..., each a",
                "process of its own with the example actors, all on the same database and the same admin token.",
                "Prints the nodes, their URLs and logs, the PostgreSQL URL and the admin token, then runs until Ctrl-C",
                "or SIGTERM, which stop the nodes gracefully (in-flight turns commit, leases are released) and then",
                "PostgreSQL. Any node accepts any send and ask; partitions spread evenly over the nodes and move when",
                "a node stops or starts. PostgreSQL trusts local connections without a password: for trying Loom,",
                "not for data anyone relies on (run `loom server` with LOOM_STORE=postgres for that)."})
public final class ClusterCommand implements Callable<Integer> {
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration NODE_STOP = Duration.ofSeconds(45);
    private static final Duration POSTGRES_STOP = Duration.ofSeconds(30);
    private static final int MAX_NODES = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
            description = "Server nodes to start, 1-" + MAX_NODES + " (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "3000",
            description = "HTTP port of node 0; node i listens on PORT + i (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cluster-data",
            description = "Where PostgreSQL's data, the admin token and each node's data directory and log are kept"
                    + " (default ${DEFAULT-VALUE}); a second run continues on the same data.")
    Path dataDir;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "64",
            description = "Partitions of the store, 1-65536, fixed when the store is created (default ${DEFAULT-VALUE});"
                    + " a store made by an earlier run keeps its own count.")
    int partitions;

    @Option(names = "--postgres-port", paramLabel = "PORT", defaultValue = "0",
            description = "PostgreSQL's port (default ${DEFAULT-VALUE}: any free port).")
    int postgresPort;

    /** The nodes started so far, and PostgreSQL once launched: what the stop must end (guarded by this). */
    private final List<ChildProcess> started = new ArrayList<>();
    private DevPostgres postgres;
    private boolean stopped;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        Logs.warningsToStderr();
        Path dir = dataDir.toAbsolutePath().normalize();
        for (int i = 0; i < nodes; i++) {
            requireFree(basePort + i, "node-" + i + "'s port; choose another --base-port");
        }
        if (postgresPort != 0) {
            requireFree(postgresPort, "--postgres-port");
        }
        Path token = ClusterToken.ensure(dir.resolve(ClusterToken.FILE));
        Thread hook = new Thread(this::stopAll, "loom-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            err.println("loom: starting PostgreSQL (data in " + dir.resolve("postgres") + ")");
            err.flush();
            DevPostgres pg = DevPostgres.launch(dir.resolve("postgres"), postgresPort, dir.resolve("postgres.log"));
            synchronized (this) {
                postgres = pg;
            }
            pg.awaitReady();
            Map<String, String> env = nodeEnvironment(dir, token);
            createStore(env, err);
            List<ClusterNode> cluster = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                ClusterNode node = ClusterNode.start(i, basePort + i, dir, env);
                synchronized (this) {
                    started.add(node.process());
                }
                cluster.add(node);
            }
            err.println("loom: waiting for " + nodes + " node(s) to be ready (logs in " + dir + ")");
            err.flush();
            for (ClusterNode node : cluster) {
                node.awaitReady(READY);
            }
            print(out, dir, token, cluster);
            watch(cluster, err);
        } finally {
            // A failed start ends here; Ctrl-C and SIGTERM end in the hook, which does the same once.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll();
            } catch (IllegalStateException shuttingDown) {
                hook.join();
            }
        }
        return ExitCode.OK;
    }

    private void checkOptions() {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new CliException("--nodes must be 1-" + MAX_NODES + ": " + nodes, ExitCode.USAGE);
        }
        if (basePort < 1 || basePort + nodes - 1 > 65_535) {
            throw new CliException("--base-port must leave room for " + nodes + " port(s) in 1-65535: " + basePort,
                    ExitCode.USAGE);
        }
        if (partitions < 1 || partitions > 65_536) {
            throw new CliException("--partitions must be 1-65536: " + partitions, ExitCode.USAGE);
        }
        if (postgresPort < 0 || postgresPort > 65_535) {
            throw new CliException("--postgres-port must be 0-65535: " + postgresPort, ExitCode.USAGE);
        }
        if (postgresPort != 0 && postgresPort >= basePort && postgresPort < basePort + nodes) {
            throw new CliException("--postgres-port " + postgresPort + " is one of the nodes' ports", ExitCode.USAGE);
        }
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new CliException("port " + port + " (" + what + ") is in use or cannot be bound: " + e.getMessage());
        }
    }

    private Map<String, String> nodeEnvironment(Path dir, Path token) {
        Map<String, String> env = new HashMap<>();
        env.put("LOOM_ENV", "development");
        env.put("LOOM_STORE", "postgres");
        env.put("LOOM_STORE_POSTGRES_URL", postgres.jdbcUrl());
        env.put("LOOM_STORE_POSTGRES_USER", DevPostgresMain.USER);
        env.put("LOOM_TOKENS", "admin:file:" + token);
        env.put("LOOM_DATA_DIR", dir.toString());
        return env;
    }

    /** Creates the store with --partitions before any node does (a node would create it with the default count). */
    private void createStore(Map<String, String> env, PrintWriter err) {
        StoreConfig config;
        try {
            config = LoomConfig.loadStore(Optional.empty(), env);
        } catch (ConfigException e) {
            throw new CliException("the nodes' store configuration is refused: " + e.getMessage(), ExitCode.FAILURE, e);
        }
        try (Store store = config.open(partitions)) {
            if (store.partitions() != partitions) {
                err.println("loom: the store in " + dataDir + " was created with " + store.partitions()
                        + " partitions and keeps them (--partitions " + partitions + " applies to a new store)");
                err.flush();
            }
        } catch (StoreException e) {
            throw new CliException("cannot create the store on the development PostgreSQL: " + e.getMessage(),
                    ExitCode.FAILURE, e);
        }
    }

    private void print(PrintWriter out, Path dir, Path token, List<ClusterNode> cluster) throws IOException {
        Table table = Table.withColumns("NODE", "URL", "PID", "LOG");
        for (ClusterNode n : cluster) {
            table.row(n.nodeId(), n.url(), n.process().pid(), n.process().log());
        }
        out.println("Loom cluster: " + nodes + " node(s) on PostgreSQL");
        out.println();
        table.print(out);
        out.println();
        out.println("PostgreSQL   " + postgres.jdbcUrl() + " (user " + DevPostgresMain.USER + ", no password; pid "
                + postgres.process().pid() + ", log " + postgres.process().log() + ")");
        out.println("admin token  " + ClusterToken.read(token) + " (in " + token + ")");
        out.println();
        String first = cluster.getFirst().url();
        String last = cluster.getLast().url();
        out.println("try:");
        out.println("  export LOOM_TOKEN=$(cat " + token + ")");
        out.println("  ./loom send counter/c1 Increment '{\"by\": 2}' --url " + first);
        out.println("  ./loom ask counter/c1 Get --url " + last);
        out.println("  ./loom partitions --url " + first);
        out.println();
        out.println("Stop with Ctrl-C (or SIGTERM): the nodes stop gracefully, then PostgreSQL.");
        out.flush();
    }

    /** Runs until interrupted or stopped, reporting a node that exits on its own once. */
    private void watch(List<ClusterNode> cluster, PrintWriter err) throws InterruptedException {
        List<ClusterNode> reported = new ArrayList<>();
        while (!isStopped()) {
            for (ClusterNode n : cluster) {
                if (!n.process().alive() && !reported.contains(n) && !isStopped()) {
                    reported.add(n);
                    err.println("loom: " + n.nodeId() + " exited with status " + n.process().exitValue()
                            + "; the others take over its partitions. Its log " + n.process().log() + " ends with:\n"
                            + n.process().logTail(10));
                    err.flush();
                }
            }
            if (!postgres.process().alive() && !isStopped()) {
                throw new CliException("the development PostgreSQL exited (status " + postgres.process().exitValue()
                        + "); its log " + postgres.process().log() + " ends with:\n" + postgres.process().logTail(15));
            }
            Thread.sleep(500);
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Stops the nodes (all at once, each gracefully), then PostgreSQL. Runs once. */
    private void stopAll() {
        List<ChildProcess> nodesToStop;
        DevPostgres pg;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            nodesToStop = List.copyOf(started);
            pg = postgres;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("loom: stopping " + nodesToStop.size() + " node(s), then PostgreSQL");
        err.flush();
        nodesToStop.forEach(ChildProcess::terminate);
        try {
            for (ChildProcess p : nodesToStop) {
                if (!p.awaitExit(NODE_STOP)) {
                    err.println("loom: " + p.name() + " did not stop within " + NODE_STOP + " and was killed");
                }
            }
            if (pg != null && !pg.stop(POSTGRES_STOP)) {
                err.println("loom: PostgreSQL did not stop within " + POSTGRES_STOP + " and was killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("loom: interrupted while stopping; the remaining processes were not waited for");
        }
        err.println("loom: cluster stopped");
        err.flush();
    }
}
