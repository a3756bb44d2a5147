package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Active actors, capacity, hits, misses, hit rate, evictions, activations (admin).")
public final class CacheStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        JsonNode s;
        try (LoomClient client = remote.client()) {
            s = LoomClient.toJson(client.cacheStats());
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(s);
            return 0;
        }
        printer.println("active actors: " + Text.count(s.path("size").asLong()) + " of " + Text.count(s.path("capacity").asLong()));
        printer.println("hits:          " + Text.count(s.path("hits").asLong()));
        printer.println("misses:        " + Text.count(s.path("misses").asLong()));
        printer.println("hit rate:      " + Text.percent(s.path("hitRate").asDouble()));
        printer.println("evictions:     " + Text.count(s.path("evictions").asLong()));
        printer.println("activations:   " + Text.count(s.path("activations").asLong()));
        return 0;
    }
}
