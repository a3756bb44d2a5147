package dev.loom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code loom} command line in-process with captured output. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        CommandLine cmd = LoomCommand.commandLine();
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
