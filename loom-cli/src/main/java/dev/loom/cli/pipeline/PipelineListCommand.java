package dev.loom.cli.pipeline;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineRun;
import dev.loom.client.PipelineRunFilter;
import dev.loom.client.PipelineRunPage;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Runs, ascending by id, optionally filtered (reader). Ends with the --after of the next page.",
                "Example: loom pipeline list --definition order-fulfilment --status waiting_approval"})
public final class PipelineListCommand implements Callable<Integer> {
    /** The statuses a run can have, as the server names them. */
    enum Status { RUNNING, PAUSED, WAITING_APPROVAL, SUCCEEDED, COMPENSATING, COMPENSATED, FAILED, CANCELLED }

    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Option(names = "--definition", paramLabel = "NAME", description = "Only runs of this pipeline.")
    String definition;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status: ${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--started-after", paramLabel = "INSTANT", description = "Only runs started at or after this, e.g. 2026-01-31T12:00:00Z.")
    Instant startedAfter;

    @Option(names = "--started-before", paramLabel = "INSTANT", description = "Only runs started before this.")
    Instant startedBefore;

    @Option(names = "--after", paramLabel = "RUN", description = "List runs after this id (the previous page's next).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Most runs (1 to 1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be from 1 to 1000, got " + limit);
        }
        PipelineRunPage page;
        try (LoomClient client = remote.client()) {
            page = client.pipelines().runs(new PipelineRunFilter(definition,
                    status == null ? null : status.name(), startedAfter, startedBefore), after, limit);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(page));
            return 0;
        }
        Table table = Table.withColumns("RUN", "PIPELINE", "VERSION", "STATUS", "STARTED", "ENDED", "WAITING", "ERROR");
        for (PipelineRun r : page.runs()) {
            table.row(r.runId(), r.pipeline(), r.version(), r.status(), r.startedAt(), RunReport.orDash(r.endedAt()),
                    String.join(",", r.waitingApprovals()), r.error() == null ? "" : RunReport.error(r.error()));
        }
        printer.print(table, "no runs" + (definition == null ? "" : " of " + definition)
                + (status == null ? "" : " in status " + status.name().toLowerCase(Locale.ROOT)));
        page.nextAfter().ifPresent(n -> printer.println("more: loom pipeline list --after " + n
                + (definition == null ? "" : " --definition " + definition)
                + (status == null ? "" : " --status " + status.name().toLowerCase(Locale.ROOT))));
        return 0;
    }
}
