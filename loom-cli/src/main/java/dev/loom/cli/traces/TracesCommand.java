package dev.loom.cli.traces;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "traces", mixinStandardHelpOptions = true,
        subcommands = {TracesListCommand.class, TracesShowCommand.class, TracesCleanupCommand.class},
        description = {"The recent traces a node keeps (tracing.keepRecent): list, show, cleanup.",
                "Whole traces across nodes and long-term storage are in the OTLP backend (OTEL_EXPORTER_OTLP_ENDPOINT)."})
public final class TracesCommand extends ParentCommand {
}
