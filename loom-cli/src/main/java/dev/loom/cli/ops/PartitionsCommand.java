package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "Partition leases and lag: which node holds each partition, its epoch and expiry, and its"
                + " queued messages and the age of the oldest (admin).")
public final class PartitionsCommand implements Callable<Integer> {
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
            answer = LoomClient.toJson(client.partitions());
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        Table table = Table.withColumns("PARTITION", "HOLDER", "EPOCH", "EXPIRES AT", "HERE", "PENDING", "OLDEST AGE");
        int here = 0;
        for (JsonNode p : answer.path("partitions")) {
            boolean heldHere = p.path("heldHere").asBoolean(false);
            here += heldHere ? 1 : 0;
            table.row(p.path("partition").asInt(), Text.of(p.path("holder")), Text.of(p.path("epoch")),
                    Text.of(p.path("expiresAt")), heldHere ? "yes" : "", Text.of(p.path("pending")),
                    Text.duration(Duration.ofMillis((long) (p.path("oldestAgeSeconds").asDouble() * 1000))));
        }
        printer.print(table, "no partition leases");
        printer.println("node " + Text.of(answer.path("node")) + " holds " + here + " of " + table.size() + " partitions");
        return 0;
    }
}
