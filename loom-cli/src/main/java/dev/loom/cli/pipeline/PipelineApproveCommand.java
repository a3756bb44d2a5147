package dev.loom.cli.pipeline;

import picocli.CommandLine.Command;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a human-approval stage waiting for a decision (writer); the run goes on.",
                "Example: loom pipeline approve order~1a2b review --by ann --comment 'checked'"})
public final class PipelineApproveCommand extends Decision {
    @Override
    boolean approves() {
        return true;
    }
}
