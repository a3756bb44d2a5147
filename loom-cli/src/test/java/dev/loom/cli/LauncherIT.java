package dev.loom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./loom} launcher and its startup cache, run for real on a copy of the launcher and of the built jar
 * in a temporary directory: there are no sources beside the copy, so the launcher never builds, and the cache it
 * makes stays in that directory. Runs after the jar is packaged (the {@code launcher} execution in
 * {@code loom-cli/pom.xml}). No timings are asserted: whether the cache is used is read from the JVM's class
 * loading log ({@code source: shared objects file}).
 */
class LauncherIT {
    private static final String FROM_CACHE = "dev.loom.cli.LoomCommand source: shared objects file";
    private static final String FROM_JAR = "dev.loom.cli.LoomCommand source: file:";

    @TempDir
    Path root;
    Path jar;
    String version;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        Path built = Path.of("target", "loom.jar");
        assertThat(built).as("the shaded jar (this test runs after package)").isRegularFile();
        Files.copy(Path.of("..", "loom"), root.resolve("loom"), StandardCopyOption.COPY_ATTRIBUTES);
        jar = root.resolve("loom-cli/target/loom.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(built, jar);
        version = CliRun.of("--version").out();
    }

    @Test
    void theCacheIsMadeOnceUsedAfterwardsAndIgnoredWhenStaleOrCorrupt() throws Exception {
        Result first = loom(Map.of(), "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo(version);
        assertThat(first.err()).contains("creating the startup cache");
        Path cache = onlyCache();

        Result second = loom(Map.of(), "--version");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo(version);
        assertThat(second.err()).isEmpty();
        assertThat(classLoading()).contains(FROM_CACHE);

        // The jar changed after the cache was made, but the cache looks newer: the JVM notices and runs without it.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        assertRunsWithoutCache();

        // A corrupt cache (newer than the jar, so the launcher keeps it) is ignored the same way.
        Files.write(cache, new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'c', 'a', 'c', 'h', 'e'});
        assertRunsWithoutCache();

        // A rebuilt jar (newer than the cache) gets a new cache, which is used.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Result rebuilt = loom(Map.of(), "--version");
        assertThat(rebuilt.exitCode()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.err()).contains("creating the startup cache");
        assertThat(onlyCache()).isEqualTo(cache);
        assertThat(Files.size(cache)).isGreaterThan(1_000_000);
        assertThat(classLoading()).contains(FROM_CACHE);
    }

    @Test
    void appCdsTheJdk21PathWorksTheSameWay() throws Exception {
        Map<String, String> cds = Map.of("LOOM_STARTUP_CACHE", "cds");
        Result first = loom(cds, "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo(version);
        Path archive = onlyCache();
        assertThat(archive.toString()).endsWith(".jsa");
        assertThat(classLoading(cds)).contains(FROM_CACHE);

        Files.write(archive, new byte[] {'n', 'o', 'p', 'e'});
        Result corrupt = loom(cds, "--version");
        assertThat(corrupt.exitCode()).as(corrupt.toString()).isZero();
        assertThat(corrupt.out()).isEqualTo(version);
        assertThat(corrupt.err()).isEmpty();
        assertThat(classLoading(cds)).contains(FROM_JAR).doesNotContain(FROM_CACHE);
    }

    @Test
    void concurrentFirstRunsBothSucceedAndMakeOneCache() throws Exception {
        Running a = start(Map.of(), "--version");
        Running b = start(Map.of(), "--version");
        for (Running p : List.of(a, b)) {
            Result r = p.finish();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(version);
        }
        onlyCache();
        try (Stream<Path> files = Files.list(jar.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".tmp."));
        }
    }

    @Test
    void shortCommandsGetTheQuickJvmFlagsLongOnesTheDefaults() throws Exception {
        Map<String, String> printFlags = Map.of("LOOM_STARTUP_CACHE", "off", "LOOM_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Result health = loom(printFlags, "health", "--help");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(firstLine(health.out())).contains("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC");
        for (String command : List.of("server", "bench", "demo", "backup")) {
            Result r = loom(printFlags, command, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(firstLine(r.out())).as(command).doesNotContain("TieredStopAtLevel").doesNotContain("UseSerialGC");
        }
        // A collector chosen in LOOM_JAVA_OPTS replaces the serial one (two would stop the JVM from starting).
        Result parallel = loom(Map.of("LOOM_STARTUP_CACHE", "off", "LOOM_JAVA_OPTS", "-XX:+UseParallelGC -XX:+PrintCommandLineFlags"),
                "health", "--help");
        assertThat(parallel.exitCode()).as(parallel.toString()).isZero();
        assertThat(firstLine(parallel.out())).contains("-XX:+UseParallelGC").doesNotContain("UseSerialGC");
    }

    @Test
    void aFailedTrainingRunIsReportedOnceAndTheCommandStillRuns() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Files.delete(zip.getPath("dev/loom/cli/StartupTraining.class"));
        }
        Result first = loom(Map.of(), "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo(version);
        assertThat(first.err()).contains("could not create the startup cache");
        assertThat(caches()).isEmpty();

        Result second = loom(Map.of(), "--version");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo(version);
        assertThat(second.err()).as("not retried for the same jar").isEmpty();
    }

    @Test
    void offMakesNoCacheAndAnUnknownModeIsRefused() throws Exception {
        Result off = loom(Map.of("LOOM_STARTUP_CACHE", "off"), "--version");
        assertThat(off.exitCode()).as(off.toString()).isZero();
        assertThat(off.out()).isEqualTo(version);
        assertThat(caches()).isEmpty();

        Result bad = loom(Map.of("LOOM_STARTUP_CACHE", "fast"), "--version");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("LOOM_STARTUP_CACHE");
    }

    private void assertRunsWithoutCache() throws Exception {
        Result r = loom(Map.of(), "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as("nothing but the version on standard output").isEqualTo(version);
        assertThat(r.err()).isEmpty();
        assertThat(classLoading()).contains(FROM_JAR).doesNotContain(FROM_CACHE);
    }

    private String classLoading() throws Exception {
        return classLoading(Map.of());
    }

    /** The class loading log of {@code loom --version}. */
    private String classLoading(Map<String, String> env) throws Exception {
        Map<String, String> logging = new HashMap<>(env);
        logging.put("LOOM_JAVA_OPTS", "-Xlog:class+load");
        Result r = loom(logging, "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }

    private Path onlyCache() throws IOException {
        List<Path> caches = caches();
        assertThat(caches).hasSize(1);
        return caches.getFirst();
    }

    private List<Path> caches() throws IOException {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("loom\\.jar\\.[0-9]+\\.(aot|jsa)")).toList();
        }
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    private Result loom(Map<String, String> env, String... args) throws Exception {
        return start(env, args).finish();
    }

    /** A running {@code ./loom} and the files its output goes to. */
    private record Running(Process process, Path out, Path err) {
        Result finish() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("./loom did not finish within 3 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    private Running start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("loom").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().remove("LOOM_JAVA_OPTS");
        pb.environment().remove("LOOM_STARTUP_CACHE");
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }
}
