package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.convert.JsonConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.AskResult;
import dev.loom.client.LoomClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Send a message to an actor and wait for its reply.",
                "With an idempotency key already committed, prints the stored reply without running the handler again.",
                "Example: loom ask counter/c1 Get"})
public final class AskCommand implements Callable<Integer> {
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The target actor, e.g. counter/c1.")
    ActorRef actor;

    @Parameters(index = "1", paramLabel = "MESSAGE_TYPE", description = "The message type, e.g. Get.")
    String messageType;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", converter = JsonConverter.class,
            description = "The message's fields as a JSON object (default {}).")
    JsonNode payload;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "De-duplication key (a repeated ask returns the stored reply).")
    String idempotencyKey;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "How long to wait for the reply (default ${DEFAULT-VALUE}, at most 60s). The message stays accepted after a timeout.")
    Duration timeout;

    @Override
    public Integer call() {
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new CliException("--timeout must be more than 0 and at most 60s: " + timeout, ExitCode.USAGE);
        }
        JsonNode fields = MessagePayload.fields(payload);
        AskResult<JsonNode> answer;
        try (LoomClient client = remote.client()) {
            answer = client.ask(RemoteOptions.address(actor), messageType, fields, JsonNode.class, timeout,
                    MessagePayload.options(idempotencyKey, null));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(answer));
        } else {
            printer.printJson(answer.reply() == null ? NullNode.getInstance() : answer.reply());
            if (answer.deduplicated()) {
                printer.println("(stored reply of an earlier message with this idempotency key; the handler did not run again)");
            }
        }
        return 0;
    }
}
