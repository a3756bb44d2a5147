package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.convert.JsonConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a message to an actor; returns once the server has durably accepted it.",
                "Example: loom send counter/c1 Increment '{\"by\": 5}' --idempotency-key inc-42"})
public final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The target actor, e.g. counter/c1.")
    ActorRef actor;

    @Parameters(index = "1", paramLabel = "MESSAGE_TYPE", description = "The message type, e.g. Increment.")
    String messageType;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", converter = JsonConverter.class,
            description = "The message's fields as a JSON object (default {}).")
    JsonNode payload;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "De-duplication key: a message with a key already committed for this actor is not run again.")
    String idempotencyKey;

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Deliver no sooner than this after now (e.g. 30s, 5m, PT1H).")
    Duration delay;

    @Override
    public Integer call() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Idempotency-Key", idempotencyKey);
        JsonNode answer = remote.client().post(ActorPaths.of(actor, "messages"), Map.of(),
                MessagePayload.body(messageType, payload, delay), headers, Duration.ofSeconds(30));
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
        } else {
            printer.println("accepted message " + answer.path("messageId").asText() + " for " + answer.path("actor").asText(actor.toString())
                    + (delay == null ? "" : ", delivered after " + delay));
        }
        return 0;
    }
}
