package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.convert.JsonConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.Sent;
import java.time.Duration;
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
            description = {"De-duplication key, scoped to the actor: while the first message with the key is scheduled,"
                    + " queued or committed (for the idempotency TTL), a repeat sends nothing and reports that message's id.",
                    "A key is free again once its first message was dead-lettered."})
    String idempotencyKey;

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Deliver no sooner than this after now (e.g. 30s, 5m, PT1H).")
    Duration delay;

    @Override
    public Integer call() {
        JsonNode fields = MessagePayload.fields(payload);
        Sent sent;
        try (LoomClient client = remote.client()) {
            sent = client.send(RemoteOptions.address(actor), messageType, fields,
                    MessagePayload.options(idempotencyKey, delay));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(sent));
        } else {
            printer.println(describe(sent));
        }
        return 0;
    }

    private String describe(Sent sent) {
        String target = sent.actor() == null ? actor.toString() : sent.actor().toString();
        String id = sent.messageId();
        if (sent.deduplicated()) {
            // A key committed before the store kept message ids has no id to show.
            String first = id != null ? "message " + id : "an earlier message (its id was not recorded)";
            return "deduplicated: " + first + " for " + target + " already has idempotency key " + idempotencyKey
                    + "; nothing new was sent";
        }
        return "accepted message " + id + " for " + target + (delay == null ? "" : ", delivered after " + delay);
    }
}
