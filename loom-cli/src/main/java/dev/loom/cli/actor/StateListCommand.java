package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.source.SourceOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the ids of a type's actors (those with a journal entry or snapshot), in order, optionally"
                + " only those starting with a prefix.", "Example: loom state list counter --prefix c-"})
public final class StateListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE", description = "The actor type, e.g. counter.")
    String type;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only ids starting with this (case sensitive, no wildcards).")
    String prefix;

    @Option(names = "--after", paramLabel = "ID", description = "List ids after this one (the next page).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Most ids to list, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new CliException("--limit must be 1-1000: " + limit, ExitCode.USAGE);
        }
        if (prefix != null && prefix.length() > 200) {
            throw new CliException("--prefix must be at most 200 characters", ExitCode.USAGE);
        }
        JsonNode page;
        try (ActorReads reads = source.actorReads()) {
            page = reads.ids(type, prefix, after, limit);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(page);
            return 0;
        }
        JsonNode ids = page.path("ids");
        if (ids.isEmpty()) {
            printer.println("no " + type + " actors" + (prefix == null ? "" : " with ids starting with '" + prefix + "'"));
        }
        ids.forEach(id -> printer.println(type + "/" + id.asText()));
        JsonNode next = page.path("next");
        if (!next.isMissingNode() && !next.isNull()) {
            printer.println("more: add --after " + next.asText());
        }
        return 0;
    }
}
