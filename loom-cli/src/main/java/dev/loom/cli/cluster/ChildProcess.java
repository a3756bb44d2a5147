package dev.loom.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of {@code loom cluster}, its output in a log file (rewritten at each start). On Linux it runs in a session of its own
 * ({@code setsid}), so that Ctrl-C in the terminal reaches only the cluster command, which then stops the children
 * in order (nodes first, PostgreSQL last) instead of all at once.
 */
final class ChildProcess {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} on {@code classPath}, with this process's environment minus every
     * {@code LOOM_*} variable, plus {@code env}.
     *
     * @throws IOException if the JVM cannot be started or the log not opened
     */
    static ChildProcess start(String name, List<String> jvmOptions, String classPath, String mainClass, List<String> args,
                              Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("LOOM_"));
        pb.environment().putAll(env);
        return new ChildProcess(name, pb.start(), log);
    }

    /** This JVM's class path, for children that run classes of the same jar. */
    static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    /** {@code base} followed by every jar in {@code dir}. */
    static String withJars(String base, Path dir) throws IOException {
        StringBuilder cp = new StringBuilder(base);
        try (var jars = Files.list(dir)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
                    .forEach(p -> cp.append(File.pathSeparator).append(p.toAbsolutePath()));
        }
        return cp.toString();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Sends SIGTERM (a graceful stop). */
    void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Waits up to {@code timeout} for the exit; kills it (SIGKILL) if it is still running then.
     *
     * @return whether it exited within the timeout
     */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return false;
    }

    /** The lines of its log so far (none if it cannot be read yet). */
    List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The last {@code lines} lines of its log, for an error message. */
    String logTail(int lines) {
        List<String> all = logLines();
        return all.isEmpty() ? "(nothing in " + log + ")"
                : String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
