package dev.loom.cli.pipeline;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineTimeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"A run's timeline, the pipeline tracer (reader): each stage's start, end, attempts and error, then",
                "the run's recent events in order (tasks sent and their results, retries, breaker waits, approvals,",
                "compensations, pauses, redrives).",
                "Example: loom pipeline timeline order~1a2b"})
public final class PipelineTimelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;
    @Mixin
    RunArgument run;

    @Override
    public Integer call() {
        PipelineTimeline timeline;
        try (LoomClient client = remote.client()) {
            timeline = client.pipelines().timeline(run.runId);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(timeline));
            return 0;
        }
        printer.println("run " + timeline.runId() + ": " + timeline.status());
        printer.print(RunReport.stages(timeline.stages()), "no stages");
        printer.println("");
        Table events = Table.withColumns("AT", "EVENT", "STAGE", "TASK", "ATTEMPT", "DETAIL");
        for (PipelineTimeline.Event e : timeline.events()) {
            String detail = e.error() != null ? RunReport.error(e.error())
                    : e.detail() == null || e.detail().isNull() ? "" : Text.of(e.detail());
            events.row(e.at(), e.kind(), RunReport.orDash(e.stage()), RunReport.orDash(e.taskId()),
                    e.attempt() == 0 ? "-" : e.attempt(), detail);
        }
        printer.print(events, "no events");
        if (timeline.droppedEvents() > 0) {
            printer.println(timeline.droppedEvents() + " older event(s) are no longer kept; the run actor's journal has"
                    + " every turn: loom journal show loom.pipeline/" + timeline.runId());
        }
        return 0;
    }
}
