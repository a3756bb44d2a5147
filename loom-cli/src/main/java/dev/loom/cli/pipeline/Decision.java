package dev.loom.cli.pipeline;

import picocli.CommandLine.Option;

/** Who decides an approve or reject, and why. */
final class Decision {
    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who decides (recorded in the stage's output).")
    String by;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why (recorded in the stage's output).")
    String comment;
}
