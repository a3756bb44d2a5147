package dev.loom.cli.pipeline;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineClient;
import dev.loom.client.PipelineRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that changes one run and prints it afterwards: {@code <verb> run <id>: <status>}, or the run as JSON with
 * {@code --json}. A refused operation (HTTP 409) ends with the server's reason and exit code 1.
 */
abstract class RunOperation implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    /** Applies the operation. */
    abstract PipelineRun apply(PipelineClient pipelines);

    /** What the confirmation says was done, e.g. {@code paused}. */
    abstract String done();

    /** The run operated on. */
    abstract String runId();

    @Override
    public Integer call() {
        PipelineRun run;
        try (LoomClient client = remote.client()) {
            run = apply(client.pipelines());
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(run));
        } else {
            printer.println(done() + " run " + runId() + ": now " + run.status());
        }
        return 0;
    }
}
