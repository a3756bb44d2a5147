package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.convert.ActorRefConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.source.SourceOptions;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Print an actor's committed state, now or right after a given journal seq (time travel).",
                "Example: loom state get counter/c1 --at 10"})
public final class StateGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SourceOptions source;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TYPE/ID", converter = ActorRefConverter.class, description = "The actor, e.g. counter/c1.")
    ActorRef actor;

    @Option(names = "--at", paramLabel = "SEQ", description = "The state right after the turn with this journal seq (default: latest).")
    Long at;

    @Override
    public Integer call() {
        if (at != null && at < 0) {
            throw new CliException("--at must be 0 or more: " + at, ExitCode.USAGE);
        }
        JsonNode state;
        try (ActorReads reads = source.actorReads()) {
            state = reads.state(actor, at == null ? OptionalLong.empty() : OptionalLong.of(at));
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(state);
        } else {
            long seq = state.path("seq").asLong();
            printer.println(state.path("actor").asText(actor.toString()) + " at seq " + seq
                    + (seq == 0 ? " (no turn committed yet: initial state)" : ""));
            printer.printJson(state.path("state"));
        }
        return 0;
    }
}
