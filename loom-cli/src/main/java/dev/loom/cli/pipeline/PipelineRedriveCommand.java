package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Restart a FAILED or COMPENSATED run from its failed stage (admin).",
                "Succeeded stages are kept; the failed stage, the stages after it and compensated stages run again",
                "with new task ids. Fix the cause first (see `loom pipeline timeline RUN`).",
                "Example: loom pipeline redrive order~1a2b"})
public final class PipelineRedriveCommand extends RunOperation {
    @Mixin
    RunArgument run;

    @Override
    PipelineRun apply(PipelineClient pipelines) {
        return pipelines.redrive(run.runId);
    }

    @Override
    String done() {
        return "redriven";
    }

    @Override
    String runId() {
        return run.runId;
    }
}
