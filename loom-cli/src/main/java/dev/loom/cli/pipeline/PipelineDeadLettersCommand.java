package dev.loom.cli.pipeline;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.DeadLetter;
import dev.loom.client.LoomClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"The dead letters of a run's tasks, of one stage with --stage (admin). Their idempotency key is",
                "runId/stage/attempt/index. Inspect one with `loom dlq show ID`. The stage failed with that task: fix the cause,",
                "then redrive the run (`loom pipeline redrive RUN`), which sends new tasks, and purge the old letters.",
                "Example: loom pipeline dead-letters order~1a2b --stage charge"})
public final class PipelineDeadLettersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;
    @Mixin
    RunArgument run;

    @Option(names = "--stage", paramLabel = "STAGE", description = "Only the letters of this stage's tasks.")
    String stage;

    @Override
    public Integer call() {
        List<DeadLetter> letters;
        try (LoomClient client = remote.client()) {
            letters = client.pipelines().deadLetters(run.runId, stage);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(letters));
            return 0;
        }
        Table table = Table.withColumns("ID", "ACTOR", "TYPE", "TASK", "ATTEMPTS", "ERROR");
        for (DeadLetter d : letters) {
            table.row(d.id(), d.actorType() + "/" + d.actorId(), d.message().messageType(), d.message().idempotencyKey(),
                    d.attempts(), d.error() == null ? "" : d.error().type() + ": " + d.error().message());
        }
        printer.print(table, "no dead letters of run " + run.runId + (stage == null ? "" : " stage " + stage));
        return 0;
    }
}
