package dev.loom.cli.pipeline;

import picocli.CommandLine.Parameters;

/** The run a command operates on. */
final class RunArgument {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (from `loom pipeline start` or `loom pipeline list`).")
    String runId;
}
