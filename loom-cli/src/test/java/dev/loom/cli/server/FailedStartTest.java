package dev.loom.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failed start says what is wrong and what to do, through the real {@code ./loom} launcher (which once
 * sent the CLI's standard error to /dev/null) in a child process with exactly the environment given.
 *
 * <p>The launcher runs in a copy of the project root whose {@code loom-cli/target/loom.jar} is a manifest-only
 * jar naming this test's classpath, so it runs the CLI classes under test without building anything.
 */
class FailedStartTest {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path root;
    private Path dataDir;

    /** What the launcher printed and how it exited. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    @BeforeEach
    void launcherOverTheTestClasspath() throws IOException {
        Files.copy(Path.of("..", "loom"), root.resolve("loom"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.createDirectories(root.resolve("loom-cli").resolve("target")).resolve("loom.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "dev.loom.cli.LoomCommand");
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        dataDir = root.resolve("data");
    }

    @Test
    void validateConfigWithABadTokenListSaysWhichEntryIsWrong() throws Exception {
        Run run = loom(Map.of("LOOM_TOKENS", "reader"), "validate-config");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains("has 1 problem(s)")
                .contains("LOOM_TOKENS entry 1: expected role:token with role reader, writer or admin");
    }

    @Test
    void anEmptyLoomTokensIsValidAndMeansNoTokens() throws Exception {
        Run validate = loom(Map.of("LOOM_TOKENS", ""), "validate-config", "--json");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("\"valid\" : true").contains("\"tokens\" : [ ]");
    }

    @Test
    void aServerWithABadTokenListSaysWhatIsWrong() throws Exception {
        Run run = loom(Map.of("LOOM_TOKENS", "root:secret-value"), "server", "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains("loom: invalid configuration")
                .contains("LOOM_TOKENS entry 1").doesNotContain("secret-value");
    }

    @Test
    void aServerWithAMissingJarAndAJarWithoutProvidersNamesBoth() throws Exception {
        Path empty = emptyJar(root.resolve("empty.jar"));
        Path missing = root.resolve("orders.jar");
        Run run = loom(Map.of("LOOM_ACTORS_JARS", missing + "," + empty), "server", "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains("loom: invalid configuration")
                .contains("actors.jars (LOOM_ACTORS_JARS): " + missing + " does not exist")
                .contains(empty + " lists no ActorTypeProvider");
    }

    @Test
    void aServerWhoseJarNamesAProviderThatIsNotThereSaysWhich() throws Exception {
        Path jar = root.resolve("typo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.loom.actor.ActorTypeProvider"));
            out.write("com.acme.OrdersActorz\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Run run = loom(Map.of("LOOM_ACTORS_JARS", jar.toString()), "server", "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString())
                .contains(jar + " lists the provider com.acme.OrdersActorz, but no such class is in the jars");
    }

    @Test
    void aProductionServerWithoutActorsSaysToGiveItTheJars() throws Exception {
        Path token = Files.writeString(root.resolve("admin.token"), "a-production-token-0123456789abcdef0123\n");
        Run run = loom(Map.of("LOOM_ENV", "production", "LOOM_TOKENS", "admin:file:" + token), "server", "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).contains("no actor types to run").contains("LOOM_ACTORS_JARS");
    }

    private static Path emptyJar(Path jar) throws IOException {
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.flush();
        }
        return jar;
    }

    @Test
    void aServerOnADatabaseLockedByAnotherProcessNamesThatProcess() throws Exception {
        Path db = Files.createDirectories(dataDir).resolve("loom.db");
        SqliteStore.open(SqliteStoreOptions.at(db)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            Run run = loom(Map.of(), "server", "--port", "0");
            s.execute("ROLLBACK");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).as(run.toString())
                    .contains("loom: the server did not start: cannot open " + db.toRealPath())
                    .contains("is locked by another process: process " + ProcessHandle.current().pid() + " (java)"
                            + " holds a write transaction on it")
                    .contains("let it finish its transaction or stop it, then retry")
                    .doesNotContain("unexpected error").doesNotContain("\tat ");
        }
    }

    @Test
    void aServerOnAPortInUseSaysSoAndWhichSettingToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Run run = loom(Map.of(), "server", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).as(run.toString())
                    .contains("loom: the server did not start: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": the port is already in use")
                    .contains("--port");
        }
    }

    private Run loom(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("./loom"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> childEnv = pb.environment();
        Map<String, String> kept = new HashMap<>();
        for (String name : List.of("PATH", "HOME")) {
            if (childEnv.containsKey(name)) {
                kept.put(name, childEnv.get(name));
            }
        }
        childEnv.clear();
        childEnv.putAll(kept);
        childEnv.put("JAVA_HOME", System.getProperty("java.home"));
        childEnv.put("LOOM_DATA_DIR", dataDir.toString());
        childEnv.put("LOG_LEVEL", "warn");
        // Each test has a fresh root, where the launcher would first train a startup cache for seconds
        // (LauncherIT tests that); these failures do not depend on it.
        childEnv.put("LOOM_STARTUP_CACHE", "off");
        childEnv.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("./loom " + String.join(" ", args) + " did not exit within " + TIMEOUT_SECONDS
                    + " s; stderr:\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
