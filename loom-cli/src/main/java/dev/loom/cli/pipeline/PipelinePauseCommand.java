package dev.loom.cli.pipeline;

import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import dev.loom.client.PipelineRunIds;
import picocli.CommandLine.Command;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pause a running run, or every running run of a pipeline (admin): nothing new is dispatched",
                "(no task, retry, escalation or compensation); outcomes of tasks in flight and approvals are still recorded.",
                "Examples: loom pipeline pause order~1a2b",
                "          loom pipeline pause --pipeline order-fulfilment"})
public final class PipelinePauseCommand extends PauseOrResume {
    @Override
    PipelineRun one(PipelineClient pipelines, String runId) {
        return pipelines.pause(runId);
    }

    @Override
    PipelineRunIds every(PipelineClient pipelines, String pipeline) {
        return pipelines.pauseAll(pipeline);
    }

    @Override
    String done() {
        return "paused";
    }
}
