package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Force a circuit breaker closed and clear its window (admin).",
                "Use with caution: the failing dependency gets full traffic again at once."})
public final class BreakersResetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The breaker's name (from `loom breakers list`).")
    String name;

    @Override
    public Integer call() {
        JsonNode answer;
        try (LoomClient client = remote.client()) {
            answer = LoomClient.toJson(client.resetBreaker(name));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
        } else {
            printer.println("breaker " + answer.path("name").asText(name) + " is now " + answer.path("state").asText());
        }
        return 0;
    }
}
