package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
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
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List dead letters, ordered by id.", "Example: loom dlq list --queue email-sender --limit 20"})
public final class DlqListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    FilterOptions filter;
    @Mixin
    OutputOptions output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Most letters to list, 1-10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "ID", description = "List letters with ids after this one (the next page).")
    String after;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new CliException("--limit must be 1-10000: " + limit, ExitCode.USAGE);
        }
        JsonNode page;
        try (DeadLetterReads reads = source.deadLetterReads()) {
            page = reads.list(filter.filter(), after, limit);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(page);
            return 0;
        }
        Table table = Table.withColumns("ID", "QUEUE", "ACTOR", "MESSAGE TYPE", "ERROR TYPE", "ERROR", "ATTEMPTS", "LAST FAILED");
        for (JsonNode dl : page.path("items")) {
            table.row(Text.of(dl.path("id")), Text.of(dl.path("originalQueue")),
                    Text.of(dl.path("actorType")) + "/" + Text.of(dl.path("actorId")),
                    Text.of(dl.path("message").path("messageType")), Text.of(dl.path("error").path("type")),
                    Text.of(dl.path("error").path("message")), dl.path("attempts").asInt(), Text.of(dl.path("lastFailedAt")));
        }
        printer.print(table, "no dead letters match");
        long total = page.path("total").asLong(table.size());
        if (!table.isEmpty()) {
            printer.println(table.size() + " shown of " + total + " matching");
        }
        JsonNode next = page.path("next");
        if (!next.isMissingNode() && !next.isNull()) {
            printer.println("more: add --after " + next.asText());
        }
        return 0;
    }
}
