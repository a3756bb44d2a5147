package dev.loom.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The training run of the {@code ./loom} launcher's startup cache (a JDK 25+ AOT cache, else an AppCDS
 * archive): the JVM records the classes this run loads and links, and later runs of {@code loom} map them
 * instead of loading them from the jar again. It runs the short commands people type most, in-process and
 * with their output discarded, on the same startup path as {@link LoomCommand#main}: the version, the full
 * command tree (help), and the remote commands against a port where no server listens, which exercises the
 * options, the JSON payload, the HTTP client and the error reporting without needing a server.
 *
 * <p>Exits 0 only when every command ended with the exit code it is expected to have, so that a broken
 * training run is noticed by the launcher (which then runs without a cache) rather than cached.
 */
public final class StartupTraining {
    /** Port 1 (tcpmux) is privileged and, in practice, closed: connecting is refused at once. */
    private static final String NOWHERE = "http://127.0.0.1:1";

    private record Run(int expectedExit, String... args) {
    }

    private static final List<Run> RUNS = List.of(
            new Run(ExitCode.OK, "--version"),
            new Run(ExitCode.OK, "--help"),
            new Run(ExitCode.OK, "send", "--help"),
            new Run(ExitCode.UNREACHABLE, "send", "counter/c1", "Increment", "{\"by\":1}", "--url", NOWHERE, "--token", "t"),
            new Run(ExitCode.UNREACHABLE, "ask", "counter/c1", "Get", "--url", NOWHERE, "--token", "t", "--json"),
            new Run(ExitCode.UNREACHABLE, "health", "--url", NOWHERE, "--token", "t"),
            new Run(ExitCode.UNREACHABLE, "state", "get", "counter/c1", "--url", NOWHERE, "--token", "t"));

    private StartupTraining() {
    }

    public static void main(String[] args) {
        int failures = 0;
        for (Run run : RUNS) {
            // An empty environment: what the training run does must not depend on the shell that built the jar.
            CommandLine cmd = LoomCommand.commandLine(Map.of(), run.args());
            PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
            cmd.setOut(discard);
            cmd.setErr(discard);
            int exit = cmd.execute(run.args());
            if (exit != run.expectedExit()) {
                System.err.println("loom startup training: `loom " + String.join(" ", run.args()) + "` exited " + exit
                        + ", expected " + run.expectedExit());
                failures++;
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
