package dev.loom.cli.pipeline;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import dev.loom.client.PipelineRunIds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Pause or resume one run (RUN) or every run of a definition (--pipeline NAME). */
abstract class PauseOrResume implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Every run of this pipeline (all versions) instead of one run.")
    String pipeline;

    abstract PipelineRun one(PipelineClient pipelines, String runId);

    abstract PipelineRunIds every(PipelineClient pipelines, String pipeline);

    /** {@code paused} or {@code resumed}. */
    abstract String done();

    @Override
    public Integer call() {
        if ((runId == null) == (pipeline == null)) {
            throw new CliException("give either a RUN id or --pipeline NAME (not both)", ExitCode.USAGE);
        }
        Printer printer = Printer.of(spec, output);
        try (LoomClient client = remote.client()) {
            if (runId != null) {
                PipelineRun run = one(client.pipelines(), runId);
                if (printer.json()) {
                    printer.printJson(LoomClient.toJson(run));
                } else {
                    printer.println(done() + " run " + runId + ": now " + run.status());
                }
            } else {
                PipelineRunIds ids = every(client.pipelines(), pipeline);
                if (printer.json()) {
                    printer.printJson(LoomClient.toJson(ids));
                } else {
                    printer.println(done() + " " + ids.runs().size() + " run(s) of pipeline " + pipeline
                            + (ids.runs().isEmpty() ? "" : ": " + String.join(" ", ids.runs())));
                }
            }
        }
        return 0;
    }
}
