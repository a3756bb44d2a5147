package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List circuit breakers: state (CLOSED, OPEN, HALF_OPEN), failure rate, calls (admin).")
public final class BreakersListCommand implements Callable<Integer> {
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
            answer = Json.mapper().createObjectNode().set("breakers", LoomClient.toJson(client.breakers()));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        Table table = Table.withColumns("NAME", "STATE", "FAILURE RATE", "BUFFERED", "FAILED", "NOT PERMITTED");
        for (JsonNode b : answer.path("breakers")) {
            double rate = b.path("failureRate").asDouble(-1);
            table.row(Text.of(b.path("name")), Text.of(b.path("state")), rate < 0 ? "-" : Text.decimal(rate) + "%",
                    b.path("bufferedCalls").asLong(), b.path("failedCalls").asLong(), b.path("notPermittedCalls").asLong());
        }
        printer.print(table, "no circuit breakers");
        return 0;
    }
}
