package dev.loom.cli.pipeline;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        subcommands = {PipelineRegisterCommand.class, PipelineDefinitionsCommand.class, PipelineStartCommand.class,
                PipelineStatusCommand.class, PipelineListCommand.class, PipelineTimelineCommand.class,
                PipelineCancelCommand.class, PipelinePauseCommand.class, PipelineResumeCommand.class,
                PipelineApproveCommand.class, PipelineRejectCommand.class, PipelineRedriveCommand.class,
                PipelineDeadLettersCommand.class},
        description = {"Durable pipelines: register definitions, start runs, inspect and operate them.",
                "Reads need the reader role; start, approve and reject writer; the rest admin."})
public final class PipelineCommand extends ParentCommand {
}
