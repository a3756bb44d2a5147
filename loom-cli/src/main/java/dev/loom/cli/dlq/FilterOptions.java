package dev.loom.cli.dlq;

import picocli.CommandLine.Option;

/** {@code --queue}, {@code --actor-id}, {@code --error-type}: which dead letters a command applies to. */
public final class FilterOptions {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only letters from this queue (the target actor type, e.g. email-sender).")
    String queue;

    @Option(names = "--actor-id", paramLabel = "ID", description = "Only letters for this actor id.")
    String actorId;

    @Option(names = "--error-type", paramLabel = "CLASS", description = "Only letters whose last error has this exception class name.")
    String errorType;

    public DeadLetterFilter filter() {
        return new DeadLetterFilter(queue, actorId, errorType);
    }
}
