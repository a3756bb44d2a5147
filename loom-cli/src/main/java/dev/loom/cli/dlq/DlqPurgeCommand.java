package dev.loom.cli.dlq;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Terminal;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete dead letters for good.",
                "Give IDs, a filter (--queue, --actor-id, --error-type, --sender, --failed-after, --failed-before), or --all.",
                "Asks for confirmation on a terminal; scripts must pass --yes.",
                "Example: loom dlq purge --error-type java.lang.IllegalArgumentException --yes"})
public final class DlqPurgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    FilterOptions filter;
    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Ids of the letters to delete.")
    List<String> ids;

    @Option(names = "--all", description = "Delete every dead letter.")
    boolean all;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        Selection selection = Selection.of(ids, filter.filter(), all, "purge");
        if (!yes) {
            confirm(selection);
        }
        long purged;
        try (LoomClient client = remote.client()) {
            purged = client.purge(selection.toClient());
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(Json.mapper().createObjectNode().put("purged", purged));
        } else {
            printer.println("purged: " + purged + " (" + selection.describe() + ")");
        }
        return 0;
    }

    private static void confirm(Selection selection) {
        if (!Terminal.interactive()) {
            throw new CliException("purge deletes dead letters for good and no terminal is attached to confirm; "
                    + "pass --yes to purge " + selection.describe(), ExitCode.USAGE);
        }
        String answer = System.console().readLine("Delete %s for good? Type 'yes' to confirm: ", selection.describe());
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("yes")) {
            throw new CliException("purge cancelled; nothing was deleted");
        }
    }
}
