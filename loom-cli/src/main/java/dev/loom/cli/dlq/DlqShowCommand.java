package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Text;
import dev.loom.cli.source.SourceOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one dead letter in full: the message, the last error with its stack trace, attempts and times.")
public final class DlqShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id (from `loom dlq list`).")
    String id;

    @Override
    public Integer call() {
        JsonNode dl;
        try (DeadLetterReads reads = source.deadLetterReads()) {
            dl = reads.get(id);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(dl);
            return 0;
        }
        JsonNode message = dl.path("message");
        printer.println("id:              " + Text.of(dl.path("id")));
        printer.println("queue:           " + Text.of(dl.path("originalQueue")));
        printer.println("actor:           " + Text.of(dl.path("actorType")) + "/" + Text.of(dl.path("actorId")));
        printer.println("attempts:        " + dl.path("attempts").asInt());
        printer.println("first failed at: " + Text.of(dl.path("firstFailedAt")));
        printer.println("last failed at:  " + Text.of(dl.path("lastFailedAt")));
        printer.println("message id:      " + Text.of(message.path("messageId")));
        printer.println("message type:    " + Text.of(message.path("messageType")));
        printer.println("idempotency key: " + Text.of(message.path("idempotencyKey")));
        printer.println("enqueued at:     " + Text.of(message.path("enqueuedAt")));
        printer.println("payload:         " + Text.of(message.path("payload")));
        printer.println("error:           " + Text.of(dl.path("error").path("type")) + ": " + Text.of(dl.path("error").path("message")));
        JsonNode stack = dl.path("error").path("stack");
        if (stack.isTextual() && !stack.asText().isBlank()) {
            printer.println("stack:");
            printer.println(stack.asText().stripTrailing());
        }
        return 0;
    }
}
