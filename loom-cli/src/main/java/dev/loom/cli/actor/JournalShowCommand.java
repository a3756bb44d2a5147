package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"List an actor's journal entries (seq, time, message type, idempotency key, state patch).",
                "Example: loom journal show counter/c1 --from 1 --limit 20"})
public final class JournalShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The actor, e.g. counter/c1.")
    ActorRef actor;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First seq to show (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Most entries to show, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (from < 1) {
            throw new CliException("--from must be 1 or more: " + from, ExitCode.USAGE);
        }
        if (limit < 1 || limit > 1000) {
            throw new CliException("--limit must be 1-1000: " + limit, ExitCode.USAGE);
        }
        JsonNode page;
        try (ActorReads reads = source.actorReads()) {
            page = reads.journal(actor, from, limit);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(page);
            return 0;
        }
        Table table = Table.withColumns("SEQ", "COMMITTED AT", "MESSAGE TYPE", "IDEMPOTENCY KEY", "MESSAGE ID", "PATCH");
        for (JsonNode e : page.path("entries")) {
            table.row(e.path("seq").asLong(), Text.of(e.path("committedAt")), Text.of(e.path("messageType")),
                    Text.of(e.path("idempotencyKey")), Text.of(e.path("messageId")), Text.of(e.path("patch")));
        }
        printer.print(table, "no journal entries for " + actor + " from seq " + from);
        JsonNode next = page.path("next");
        if (!next.isMissingNode() && !next.isNull()) {
            printer.println("more: loom journal show " + actor + " --from " + next.asLong() + " --limit " + limit);
        }
        return 0;
    }
}
