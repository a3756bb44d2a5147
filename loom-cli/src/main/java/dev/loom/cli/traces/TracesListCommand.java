package dev.loom.cli.traces;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.Traces;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Recent traces the node keeps, newest first (admin).",
                "Example: loom traces list --actor account/acc-1"})
public final class TracesListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Option(names = "--actor", paramLabel = "TYPE[/ID]", description = "Only traces with a turn or send of this actor.")
    String actor;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Most traces (1 to 1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        Traces traces;
        try (LoomClient client = remote.client()) {
            traces = client.traces(actor, limit);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(traces));
            return 0;
        }
        if (!traces.keeping()) {
            printer.println("this node keeps no traces: set tracing.keepRecent: true (LOOM_TRACING_KEEP_RECENT=true),"
                    + " or look traces up in your OTLP backend");
            return 0;
        }
        Table table = Table.withColumns("TRACE", "STARTED", "MS", "SPANS", "ERROR", "ROOT", "ACTORS");
        for (Traces.Summary s : traces.traces()) {
            table.row(s.traceId(), s.start(), Text.decimal(s.durationMs()), s.spans(), s.error() ? "yes" : "",
                    s.root(), String.join(" ", s.actors()));
        }
        printer.print(table, "no traces kept" + (actor == null ? "" : " for " + actor) + " (retention "
                + traces.retention() + ")");
        return 0;
    }
}
