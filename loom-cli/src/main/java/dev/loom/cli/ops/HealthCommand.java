package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.Health;
import dev.loom.client.LoomClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check the server's health (GET /health): store, partitions, circuit breakers.",
                "Exits 0 only when the server reports itself healthy; 1 when degraded, unhealthy or not a Loom health answer;",
                "3 when the server cannot be reached."})
public final class HealthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        // A 404 or a proxy's error page never reads as healthy: the client throws for anything but a health report.
        Health health;
        String where;
        try (LoomClient client = remote.client()) {
            health = client.health();
            where = client.baseUrl();
        }
        JsonNode body = health.report();
        Printer printer = Printer.of(spec, output);
        String status = health.status();
        if (printer.json()) {
            printer.printJson(body);
        } else {
            printer.println("status:  " + status);
            printer.println("version: " + Text.of(body.path("version")) + "   uptime: "
                    + (body.path("uptime").isNumber() ? Text.duration(Duration.ofSeconds(body.path("uptime").asLong())) : "-"));
            Table checks = Table.withColumns("CHECK", "STATUS", "DETAIL");
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("checks").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> check = it.next();
                checks.row(check.getKey(), Text.of(check.getValue().path("status")), detail(check.getValue()));
            }
            printer.print(checks, "(no checks reported)");
        }
        boolean healthy = health.healthy();
        if (!healthy) {
            spec.commandLine().getErr().println("loom: the server at " + where + " is " + status);
            spec.commandLine().getErr().flush();
        }
        return healthy ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** Every field of a check but its status, as {@code name=value}. */
    private static String detail(JsonNode check) {
        StringBuilder s = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = check.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("status")) {
                s.append(s.isEmpty() ? "" : ", ").append(f.getKey()).append('=').append(Text.of(f.getValue()));
            }
        }
        return s.toString();
    }
}
