package dev.loom.cli.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bash -c} in a directory with exactly the given environment (plus PATH and HOME). */
final class Shell {
    private final Path workDir;
    private final Map<String, String> env;
    private final Path scratch;

    Shell(Path workDir, Map<String, String> env, Path scratch) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
        this.scratch = scratch;
    }

    /** What a command printed and how it exited. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /**
     * Runs {@code script} with {@code pipefail} on, so a failing command early in a pipeline fails the line.
     *
     * @throws IllegalStateException if it does not finish within the timeout (it is killed)
     */
    Result run(String script, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail\n" + script)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> processEnv = pb.environment();
        String path = processEnv.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String home = processEnv.getOrDefault("HOME", "/tmp");
        processEnv.clear();
        processEnv.put("PATH", path);
        processEnv.put("HOME", home);
        processEnv.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("bash did not finish within " + timeout + ": " + script);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The words bash makes of {@code arguments}: quotes removed, variables of the environment expanded, a trailing
     * comment dropped, exactly as bash would pass them to a program.
     *
     * @throws IllegalArgumentException if bash cannot parse them
     */
    List<String> words(String arguments) throws IOException, InterruptedException {
        Result r = run("printf '%s\\0' " + arguments, Duration.ofSeconds(10));
        if (r.exitCode() != 0) {
            throw new IllegalArgumentException("bash cannot split '" + arguments + "': " + r.err());
        }
        if (r.out().isEmpty()) {
            return List.of();
        }
        String out = r.out();
        String[] words = out.substring(0, out.length() - 1).split("\0", -1);
        return Arrays.asList(words);
    }
}
