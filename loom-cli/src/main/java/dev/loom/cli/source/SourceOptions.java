package dev.loom.cli.source;

import dev.loom.cli.actor.ActorReads;
import dev.loom.cli.actor.RemoteActorReads;
import dev.loom.cli.dlq.DeadLetterReads;
import dev.loom.cli.dlq.RemoteDeadLetterReads;
import dev.loom.cli.remote.RemoteOptions;
import picocli.CommandLine.Mixin;

/** Where read commands read from: a running server. */
public final class SourceOptions {
    @Mixin
    RemoteOptions remote;

    public ActorReads actorReads() {
        return new RemoteActorReads(remote.client());
    }

    public DeadLetterReads deadLetterReads() {
        return new RemoteDeadLetterReads(remote.client());
    }
}
