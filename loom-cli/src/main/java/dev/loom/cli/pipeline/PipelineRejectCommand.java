package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "reject", mixinStandardHelpOptions = true,
        description = {"Reject a human-approval stage waiting for a decision (writer): the stage fails and the run",
                "rolls back (compensations of the succeeded stages, in reverse order).",
                "Example: loom pipeline reject order~1a2b review --by ann --comment 'wrong amount'"})
public final class PipelineRejectCommand extends RunOperation {
    @Mixin
    RunArgument run;
    @Mixin
    Decision decision;

    @Parameters(index = "1", paramLabel = "STAGE", description = "The human-approval stage waiting for a decision.")
    String stage;

    @Override
    PipelineRun apply(PipelineClient pipelines) {
        return pipelines.reject(run.runId, stage, decision.by, decision.comment);
    }

    @Override
    String done() {
        return "rejected stage " + stage + " of";
    }

    @Override
    String runId() {
        return run.runId;
    }
}
