package dev.loom.cli.source;

import dev.loom.cli.actor.ActorReads;
import dev.loom.cli.actor.RemoteActorReads;
import dev.loom.cli.direct.DirectActorReads;
import dev.loom.cli.direct.DirectDeadLetterReads;
import dev.loom.cli.direct.DirectLoom;
import dev.loom.cli.dlq.DeadLetterReads;
import dev.loom.cli.dlq.RemoteDeadLetterReads;
import dev.loom.cli.remote.RemoteOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where read commands read from: a running server, or with {@code --direct} the SQLite file itself. */
public final class SourceOptions {
    @Mixin
    RemoteOptions remote;

    @Option(names = "--direct", description = "Read the SQLite database file directly instead of asking a server (works while no server runs).")
    boolean direct;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/loom.db",
            description = "With --direct: the database file (default ./${DEFAULT-VALUE}).")
    Path db;

    public ActorReads actorReads() {
        return direct ? new DirectActorReads(DirectLoom.open(db)) : new RemoteActorReads(remote.client());
    }

    public DeadLetterReads deadLetterReads() {
        return direct ? new DirectDeadLetterReads(DirectLoom.open(db)) : new RemoteDeadLetterReads(remote.client());
    }
}
