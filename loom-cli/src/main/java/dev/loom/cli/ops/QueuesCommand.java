package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "Queue depth per actor type: messages waiting, age of the oldest, pending timers (admin).")
public final class QueuesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        JsonNode answer;
        try (LoomClient client = remote.client()) {
            answer = Json.mapper().createObjectNode().set("queues", LoomClient.toJson(client.queues()));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        Table table = Table.withColumns("QUEUE", "DEPTH", "OLDEST AGE", "TIMERS");
        for (JsonNode q : answer.path("queues")) {
            JsonNode age = q.path("oldestAgeSeconds");
            table.row(Text.of(q.path("queue")), q.path("depth").asLong(),
                    age.isNumber() ? Text.duration(Duration.ofMillis((long) (age.asDouble() * 1000))) : "-",
                    q.path("timers").asLong());
        }
        printer.print(table, "all queues are empty");
        return 0;
    }
}
