package dev.loom.cli.output;

import picocli.CommandLine.Option;

/** The {@code --json} switch: machine-readable output instead of human tables. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print JSON (for scripts) instead of a human-readable table.")
    boolean json;

    public boolean json() {
        return json;
    }
}
