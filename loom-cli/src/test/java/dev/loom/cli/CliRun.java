package dev.loom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code loom} command line in-process with captured output. */
public record CliRun(int exitCode, String out, String err) {
    /** Runs {@code args} on the command line {@code main} builds for them (only the commands they name). */
    public static CliRun of(String... args) {
        return withEnvironment(Map.of(), args);
    }

    /**
     * Runs with {@code environment} as the commands' environment (what they read for LOOM_CONFIG, LOOM_DATA_DIR,
     * LOOM_STORE, ...) instead of the process's, which a test cannot change.
     */
    public static CliRun withEnvironment(Map<String, String> environment, String... args) {
        return on(LoomCommand.commandLine(environment, args), args);
    }

    /** Runs {@code args} on {@code cmd}. */
    public static CliRun on(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The last non-empty line of standard output. */
    public String lastOutLine() {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
