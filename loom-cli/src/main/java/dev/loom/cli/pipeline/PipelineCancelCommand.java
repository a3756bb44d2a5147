package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a run that has not ended (admin): no new task is sent, outcomes in flight are ignored.",
                "With --compensate the compensations of its succeeded stages run first, in reverse order.",
                "Example: loom pipeline cancel order~1a2b --compensate"})
public final class PipelineCancelCommand extends RunOperation {
    @Mixin
    RunArgument run;

    @Option(names = "--compensate", description = "Roll back: run the compensations of the succeeded stages first.")
    boolean compensate;

    @Override
    PipelineRun apply(PipelineClient pipelines) {
        return pipelines.cancel(run.runId, compensate);
    }

    @Override
    String done() {
        return compensate ? "cancelled (compensating)" : "cancelled";
    }

    @Override
    String runId() {
        return run.runId;
    }
}
