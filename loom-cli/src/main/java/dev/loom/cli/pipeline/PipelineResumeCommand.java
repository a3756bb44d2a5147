package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import dev.loom.client.PipelineRunIds;
import picocli.CommandLine.Command;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Resume a paused run, or every paused run of a pipeline (admin): it dispatches what became",
                "ready while it was paused.",
                "Examples: loom pipeline resume order~1a2b",
                "          loom pipeline resume --pipeline order-fulfilment"})
public final class PipelineResumeCommand extends PauseOrResume {
    @Override
    PipelineRun one(PipelineClient pipelines, String runId) {
        return pipelines.resume(runId);
    }

    @Override
    PipelineRunIds every(PipelineClient pipelines, String pipeline) {
        return pipelines.resumeAll(pipeline);
    }

    @Override
    String done() {
        return "resumed";
    }
}
