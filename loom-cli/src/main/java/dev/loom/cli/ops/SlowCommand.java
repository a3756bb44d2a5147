package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.convert.DurationConverter;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "slow", mixinStandardHelpOptions = true,
        description = "HTTP endpoints over the latency thresholds (p95 > 500 ms or p99 > 1000 ms) in a recent window (admin).")
public final class SlowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "How far back to look (default ${DEFAULT-VALUE}).")
    Duration window;

    @Override
    public Integer call() {
        JsonNode answer;
        try (LoomClient client = remote.client()) {
            answer = LoomClient.toJson(client.slowEndpoints(window));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        Table table = Table.withColumns("METHOD", "ROUTE", "COUNT", "P50 MS", "P95 MS", "P99 MS", "MAX MS");
        for (JsonNode e : answer.path("endpoints")) {
            table.row(Text.of(e.path("method")), Text.of(e.path("route")), e.path("count").asLong(),
                    Text.decimal(e.path("p50Ms").asDouble()), Text.decimal(e.path("p95Ms").asDouble()),
                    Text.decimal(e.path("p99Ms").asDouble()), Text.decimal(e.path("maxMs").asDouble()));
        }
        JsonNode thresholds = answer.path("thresholds");
        printer.print(table, "no slow endpoints in the last " + window + " (thresholds: p95 > "
                + thresholds.path("p95Ms").asLong(500) + " ms, p99 > " + thresholds.path("p99Ms").asLong(1000) + " ms)");
        return 0;
    }
}
