package dev.loom.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "definitions", mixinStandardHelpOptions = true,
        description = {"The registered pipelines at their latest versions, or every version of one (reader).",
                "Examples: loom pipeline definitions",
                "          loom pipeline definitions order-fulfilment --json"})
public final class PipelineDefinitionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Every version of this pipeline.")
    String name;

    @Override
    public Integer call() {
        List<JsonNode> definitions;
        try (LoomClient client = remote.client()) {
            definitions = name == null ? client.pipelines().definitions() : client.pipelines().versions(name);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(JsonNodeFactory.instance.arrayNode().addAll(definitions));
            return 0;
        }
        Table table = Table.withColumns("PIPELINE", "VERSION", "STAGES");
        for (JsonNode d : definitions) {
            List<String> stages = new ArrayList<>();
            d.path("stages").forEach(s -> stages.add(s.path("name").asText() + "(" + s.path("kind").asText() + ")"));
            table.row(d.path("name").asText(), d.path("version").asInt(), String.join(" ", stages));
        }
        printer.print(table, "no pipelines registered (loom pipeline register FILE)");
        return 0;
    }
}
