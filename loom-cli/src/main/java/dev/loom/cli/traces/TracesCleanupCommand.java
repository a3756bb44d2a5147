package dev.loom.cli.traces;

import dev.loom.cli.convert.DurationConverter;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.TracesCleaned;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Remove the kept traces older than a duration now (admin); the node also does it every minute"
                + " for traces older than tracing.retention.",
                "Example: loom traces cleanup --older-than 90d"})
public final class TracesCleanupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Option(names = "--older-than", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Remove traces whose last span ended longer ago than this, e.g. 90d, 24h.")
    Duration olderThan;

    @Override
    public Integer call() {
        TracesCleaned cleaned;
        try (LoomClient client = remote.client()) {
            cleaned = client.cleanupTraces(olderThan);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(cleaned));
        } else if (!cleaned.keeping()) {
            printer.println("this node keeps no traces (tracing.keepRecent is off): nothing to clean up; the OTLP"
                    + " backend's own retention applies to exported traces");
        } else {
            printer.println("cleaned " + cleaned.removedTraces() + " trace(s) (" + cleaned.removedSpans()
                    + " spans) older than " + olderThan);
        }
        return 0;
    }
}
