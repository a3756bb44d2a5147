package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Approve or reject a human-approval stage: the run, the stage, who decides and why. */
abstract class Decision extends RunOperation {
    @Mixin
    RunArgument run;

    @Parameters(index = "1", paramLabel = "STAGE", description = "The human-approval stage waiting for a decision.")
    String stage;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who decides (recorded in the stage's output).")
    String by;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why (recorded in the stage's output).")
    String comment;

    /** Whether this command approves (else it rejects). */
    abstract boolean approves();

    @Override
    PipelineRun apply(PipelineClient pipelines) {
        return approves() ? pipelines.approve(run.runId, stage, by, comment) : pipelines.reject(run.runId, stage, by, comment);
    }

    @Override
    String done() {
        return (approves() ? "approved" : "rejected") + " stage " + stage + " of";
    }

    @Override
    String runId() {
        return run.runId;
    }
}
