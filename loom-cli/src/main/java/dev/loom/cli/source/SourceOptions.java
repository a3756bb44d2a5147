package dev.loom.cli.source;

import dev.loom.cli.actor.ActorReads;
import dev.loom.cli.actor.RemoteActorReads;
import dev.loom.cli.direct.DirectActorReads;
import dev.loom.cli.direct.DirectDeadLetterReads;
import dev.loom.cli.direct.DirectLoom;
import dev.loom.cli.dlq.DeadLetterReads;
import dev.loom.cli.dlq.RemoteDeadLetterReads;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.cli.store.StoreOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where read commands read from: a running server, or with {@code --direct} the store itself, chosen by the
 * server's configuration ({@code --config}, the environment) and the store flags.
 */
public final class SourceOptions {
    @Mixin
    RemoteOptions remote;

    @Option(names = "--direct", description = "Read the store directly instead of asking a server (works while no"
            + " server runs): the store the server's configuration names (store.type, store.dataDir, LOOM_DATA_DIR),"
            + " or the one --db or --data-dir gives.")
    boolean direct;

    @Mixin
    StoreOptions store;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    public ActorReads actorReads() {
        return direct ? new DirectActorReads(DirectLoom.over(store.openExisting(command))) : new RemoteActorReads(remote.client());
    }

    public DeadLetterReads deadLetterReads() {
        return direct ? new DirectDeadLetterReads(DirectLoom.over(store.openExisting(command)))
                : new RemoteDeadLetterReads(remote.client());
    }
}
