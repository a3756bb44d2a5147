package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Passivate the idle active actors whose TYPE/ID matches PATTERN (admin).",
                "PATTERN: * matches any run of characters, ? one. Safe: state is durable and actors reactivate on their next message.",
                "Example: loom cache clear 'counter/*'"})
public final class CacheClearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "PATTERN", description = "A glob over TYPE/ID, e.g. 'counter/*' or '*'.")
    String pattern;

    @Override
    public Integer call() {
        JsonNode answer;
        try (LoomClient client = remote.client()) {
            answer = Json.mapper().createObjectNode().put("cleared", client.clearCache(pattern));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
        } else {
            printer.println("passivated " + answer.path("cleared").asLong() + " actor(s) matching " + pattern);
        }
        return 0;
    }
}
