package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.ActorTypeInfo;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "types", mixinStandardHelpOptions = true,
        description = {"List the actor types and their message types with each message's fields (name, JSON type;"
                + " * marks a required field).", "Example: loom types counter"})
public final class TypesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "Only this actor type (default: every"
            + " type the token may see).")
    String type;

    @Override
    public Integer call() {
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode types = answer.putArray("actorTypes");
        try (LoomClient client = remote.client()) {
            List<String> names = type != null ? List.of(type)
                    : client.actorTypes().stream().map(ActorTypeInfo::name).toList();
            for (String name : names) {
                types.add(LoomClient.toJson(client.messageTypes(name)));
            }
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        for (JsonNode t : types) {
            printer.println(t.path("type").asText());
            for (JsonNode m : t.path("messageTypes")) {
                printer.println("  " + m.path("name").asText() + (m.path("described").asBoolean()
                        ? "(" + fields(m.path("fields")) + ")" : " (fields not described: send raw JSON)"));
            }
        }
        return 0;
    }

    private static String fields(JsonNode fields) {
        StringBuilder b = new StringBuilder();
        for (JsonNode f : fields) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(f.path("name").asText()).append(": ").append(f.path("type").asText());
            if (f.path("enum").isArray() && !f.path("enum").isEmpty()) {
                List<String> values = new ArrayList<>();
                f.path("enum").forEach(v -> values.add(v.asText()));
                b.append(" ").append(String.join("|", values));
            }
            if (f.path("required").asBoolean()) {
                b.append("*");
            }
        }
        return b.toString();
    }
}
