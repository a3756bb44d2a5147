package dev.loom.cli.dlq;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * {@code --queue}, {@code --actor-id}, {@code --error-type}, {@code --sender}, {@code --failed-after},
 * {@code --failed-before}: which dead letters a command applies to.
 */
public final class FilterOptions {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only letters from this queue (the target actor type, e.g. email-sender).")
    String queue;

    @Option(names = "--actor-id", paramLabel = "ID", description = "Only letters for this actor id.")
    String actorId;

    @Option(names = "--error-type", paramLabel = "CLASS", description = "Only letters whose last error has this exception class name.")
    String errorType;

    @Option(names = "--sender", paramLabel = "SENDER", description = "Only letters whose message was sent by exactly"
            + " this sender (an actor's type/id, or a label such as loom.pipeline/<runId>).")
    String sender;

    @Option(names = "--failed-after", paramLabel = "INSTANT", description = "Only letters whose last failure is at or"
            + " after this ISO-8601 instant, e.g. 2030-01-01T00:00:00Z.")
    Instant failedAfter;

    @Option(names = "--failed-before", paramLabel = "INSTANT", description = "Only letters whose last failure is"
            + " before this ISO-8601 instant.")
    Instant failedBefore;

    /**
     * @throws CliException if {@code --failed-before} is not after {@code --failed-after}
     */
    public DeadLetterFilter filter() {
        if (failedAfter != null && failedBefore != null && !failedAfter.isBefore(failedBefore)) {
            throw new CliException("--failed-before (" + failedBefore + ") must be after --failed-after (" + failedAfter
                    + ")", ExitCode.USAGE);
        }
        return new DeadLetterFilter(queue, actorId, errorType, sender, failedAfter, failedBefore);
    }
}
