package dev.loom.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.ApiException;
import dev.loom.cli.remote.HttpResult;
import dev.loom.cli.remote.RemoteOptions;
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
        HttpResult result = remote.client().exchange("GET", "health", Map.of(), null, Map.of(), Duration.ofSeconds(15));
        JsonNode body = result.body();
        boolean healthAnswer = (result.status() == 200 || result.status() == 503) && body.path("status").isTextual();
        if (!healthAnswer) {
            // A 404 or a proxy's error page must never read as healthy, so anything else is an error.
            throw new ApiException(result.status(), body.path("error").asText("not_a_health_answer"),
                    body.path("message").asText("GET /health did not return a Loom health report; is --url a Loom server?"), null);
        }
        Printer printer = Printer.of(spec, output);
        String status = body.get("status").asText();
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
        boolean healthy = result.status() == 200 && "healthy".equals(status);
        if (!healthy) {
            spec.commandLine().getErr().println("loom: the server at " + remote.client().display() + " is " + status);
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
