package dev.loom.cli.dlq;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Return dead letters to their original queue with attempts reset.",
                "Recorded durable steps are kept, so a side effect that already happened is not repeated.",
                "Give IDs, a filter (--queue, --actor-id, --error-type, --sender, --failed-after, --failed-before), or --all.",
                "Example: loom dlq redrive --queue email-sender"})
public final class DlqRedriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    FilterOptions filter;
    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Ids of the letters to redrive.")
    List<String> ids;

    @Option(names = "--all", description = "Redrive every dead letter.")
    boolean all;

    @Override
    public Integer call() {
        Selection selection = Selection.of(ids, filter.filter(), all, "redrive");
        long redriven;
        try (LoomClient client = remote.client()) {
            redriven = client.redrive(selection.toClient());
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(Json.mapper().createObjectNode().put("redriven", redriven));
        } else {
            printer.println("redriven: " + redriven + " (" + selection.describe() + ")");
        }
        return 0;
    }
}
