package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Text;
import dev.loom.cli.source.SourceOptions;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Audit replay: print each journal entry in order with the state it produced.",
                "Example: loom journal replay account/acc-1 --from 1 --to 50"})
public final class JournalReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The actor, e.g. account/acc-1.")
    ActorRef actor;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First seq (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last seq, inclusive (default: the latest).")
    Long to;

    @Override
    public Integer call() {
        if (from < 1) {
            throw new CliException("--from must be 1 or more: " + from, ExitCode.USAGE);
        }
        if (to != null && to < from) {
            throw new CliException("--to (" + to + ") must not be before --from (" + from + ")", ExitCode.USAGE);
        }
        JsonNode replay;
        try (ActorReads reads = source.actorReads()) {
            replay = reads.replay(actor, from, to == null ? OptionalLong.empty() : OptionalLong.of(to));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(replay);
            return 0;
        }
        JsonNode steps = replay.path("steps");
        if (steps.isEmpty()) {
            printer.println("no journal entries for " + actor + " in the range");
            return 0;
        }
        for (JsonNode step : steps) {
            JsonNode e = step.path("entry");
            printer.println("#" + e.path("seq").asLong() + " " + Text.of(e.path("messageType")) + " at " + Text.of(e.path("committedAt"))
                    + " (message " + Text.of(e.path("messageId"))
                    + (e.hasNonNull("idempotencyKey") ? ", key " + e.get("idempotencyKey").asText() : "") + ")");
            printer.println("  patch: " + Text.of(e.path("patch")));
            printer.println("  state: " + Text.of(step.path("state")));
        }
        printer.println(steps.size() + " entries replayed");
        return 0;
    }
}
