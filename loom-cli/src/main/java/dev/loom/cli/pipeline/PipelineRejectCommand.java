package dev.loom.cli.pipeline;

import picocli.CommandLine.Command;

@Command(name = "reject", mixinStandardHelpOptions = true,
        description = {"Reject a human-approval stage waiting for a decision (writer): the stage fails and the run",
                "rolls back (compensations of the succeeded stages, in reverse order).",
                "Example: loom pipeline reject order~1a2b review --by ann --comment 'wrong amount'"})
public final class PipelineRejectCommand extends Decision {
    @Override
    boolean approves() {
        return false;
    }
}
