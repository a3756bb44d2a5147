package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.convert.ActorRefConverter;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "warm", mixinStandardHelpOptions = true,
        description = {"Activate actors ahead of traffic so their first messages find them in memory (admin).",
                "Example: loom cache warm counter/c1 counter/c2"})
public final class CacheWarmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "Actors to activate.")
    List<ActorRef> actors;

    @Override
    public Integer call() {
        JsonNode answer;
        try (LoomClient client = remote.client()) {
            answer = Json.mapper().createObjectNode().put("warmed", client.warm(actors.stream().map(RemoteOptions::address).toList()));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
        } else {
            long warmed = answer.path("warmed").asLong();
            printer.println("activated " + warmed + " of " + actors.size() + " actor(s)"
                    + (warmed < actors.size() ? " (the others were already active or belong to partitions of other nodes)" : ""));
        }
        return 0;
    }
}
