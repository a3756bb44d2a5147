package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a human-approval stage waiting for a decision (writer); the run goes on.",
                "Example: loom pipeline approve order~1a2b review --by ann --comment 'checked'"})
public final class PipelineApproveCommand extends RunOperation {
    @Mixin
    RunArgument run;
    @Mixin
    Decision decision;

    @Parameters(index = "1", paramLabel = "STAGE", description = "The human-approval stage waiting for a decision.")
    String stage;

    @Override
    PipelineRun apply(PipelineClient pipelines) {
        return pipelines.approve(run.runId, stage, decision.by, decision.comment);
    }

    @Override
    String done() {
        return "approved stage " + stage + " of";
    }

    @Override
    String runId() {
        return run.runId;
    }
}
