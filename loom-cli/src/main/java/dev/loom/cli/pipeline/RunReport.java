package dev.loom.cli.pipeline;

import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.client.PipelineRun;
import java.util.List;

/** How a run and its stages read on a terminal. */
final class RunReport {
    private RunReport() {
    }

    /** The run's summary lines and its stage table. */
    static void print(Printer printer, PipelineRun run) {
        printer.println("run:        " + run.runId());
        printer.println("pipeline:   " + run.pipeline() + " v" + run.version());
        printer.println("status:     " + run.status());
        printer.println("started at: " + run.startedAt());
        printer.println("updated at: " + run.updatedAt());
        if (run.endedAt() != null) {
            printer.println("ended at:   " + run.endedAt());
        }
        if (run.error() != null) {
            printer.println("error:      " + error(run.error()));
        }
        if (!run.waitingApprovals().isEmpty()) {
            printer.println("waiting for approval: " + String.join(", ", run.waitingApprovals())
                    + " (loom pipeline approve|reject " + run.runId() + " STAGE --by NAME)");
        }
        printer.println("");
        printer.print(stages(run.stages()), "no stages");
    }

    /** One row per stage: status, attempts, times, what its tasks wait on or failed with. */
    static Table stages(List<PipelineRun.Stage> stages) {
        Table table = Table.withColumns("STAGE", "KIND", "STATUS", "ATTEMPTS", "STARTED", "ENDED", "TASKS", "ERROR");
        for (PipelineRun.Stage s : stages) {
            long done = s.tasks().stream().filter(t -> t.status().equals("succeeded")).count();
            table.row(s.name(), s.kind(), s.status(), s.attempts(), orDash(s.startedAt()), orDash(s.endedAt()),
                    s.tasks().isEmpty() ? "-" : done + "/" + s.tasks().size() + " done", s.error() == null ? ""
                            : error(s.error()));
        }
        return table;
    }

    static String error(PipelineRun.Error e) {
        return (e.stage() == null ? "" : "stage " + e.stage() + ": ") + e.type()
                + (e.message() == null ? "" : ": " + e.message());
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
