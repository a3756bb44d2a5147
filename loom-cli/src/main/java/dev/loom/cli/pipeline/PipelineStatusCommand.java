package dev.loom.cli.pipeline;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"A run's status and its stages: status, attempts, times, tasks done, errors (reader).",
                "Example: loom pipeline status order~1a2b"})
public final class PipelineStatusCommand implements Callable<Integer> {
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
        PipelineRun view;
        try (LoomClient client = remote.client()) {
            view = client.pipelines().run(run.runId);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(view));
        } else {
            RunReport.print(printer, view);
        }
        return 0;
    }
}
