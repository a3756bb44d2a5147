package dev.loom.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.convert.JsonConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a run of a pipeline (writer) and print its id.",
                "With --idempotency-key, starting again with the same key returns the same run and starts nothing.",
                "Example: loom pipeline start order-fulfilment --input '{\"orderId\": \"o-17\"}' --idempotency-key o-17"})
public final class PipelineStartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name (from `loom pipeline definitions`).")
    String pipeline;

    @Option(names = "--input", paramLabel = "JSON", converter = JsonConverter.class,
            description = "The run input, a JSON value (default {}).")
    JsonNode input;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "1-200 characters; a repeat returns the same run.")
    String idempotencyKey;

    @Option(names = "--pipeline-version", paramLabel = "N", defaultValue = "0",
            description = "The definition version to run (default: the latest).")
    int version;

    @Override
    public Integer call() {
        if (version < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pipeline-version must be >= 0 (0: the latest)");
        }
        String runId;
        try (LoomClient client = remote.client()) {
            runId = client.pipelines().start(pipeline, version, input, idempotencyKey);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(java.util.Map.of("runId", runId, "pipeline", pipeline)));
        } else {
            printer.println(runId);
        }
        return 0;
    }
}
