package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.source.SourceOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timers", mixinStandardHelpOptions = true,
        description = {"List an actor's pending timers and reminders, earliest first (admin).",
                "Example: loom state timers counter/c1"})
public final class StateTimersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The actor, e.g. counter/c1.")
    ActorRef actor;

    @Override
    public Integer call() {
        JsonNode answer;
        try (ActorReads reads = source.actorReads()) {
            answer = reads.timers(actor);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
            return 0;
        }
        Table table = Table.withColumns("TIMER", "DELIVER AT", "MESSAGE TYPE", "REMINDER", "EVERY", "MISSED FIRES");
        for (JsonNode t : answer.path("timers")) {
            JsonNode r = t.path("reminder");
            table.row(Text.of(t.path("timerId")), Text.of(t.path("deliverAt")), Text.of(t.path("message").path("messageType")),
                    r.isNull() ? "" : Text.of(r.path("name")), r.isNull() ? "" : Text.of(r.path("interval")),
                    r.isNull() ? "" : Text.of(r.path("missed")));
        }
        printer.print(table, "no pending timers for " + actor);
        return 0;
    }
}
