package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.json.Json;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reading and maintaining actors' committed state for operators: the state (live when the actor is active,
 * else folded from the store), time travel, journal pages and replay, manual snapshots and trims (fenced by
 * this node's lease on the actor's partition).
 */
final class ActorInspection {
    private final String nodeId;
    private final ActorPool pool;
    private final Partitions partitions;
    private final Envelopes envelopes;
    private final GroupCommitter committer;
    private final Clock clock;
    private final ActorRegistry registry;
    private final StateFolder folder;
    private final Store store;

    /**
     * @param folder reads state from the store as given, without the breaker (operators' reads)
     * @param store  the store as given
     */
    ActorInspection(String nodeId, ActorRegistry registry, StateFolder folder, Store store, ActorPool pool,
                    Partitions partitions, Envelopes envelopes, GroupCommitter committer, Clock clock) {
        this.nodeId = nodeId;
        this.pool = pool;
        this.partitions = partitions;
        this.envelopes = envelopes;
        this.committer = committer;
        this.clock = clock;
        this.registry = registry;
        this.folder = folder;
        this.store = store;
    }

    ActorState state(ActorRef actor) {
        ActorType<?, ?> type = registry.require(actor.type());
        Optional<ActorState> active = pool.view(actor);
        if (active.isPresent()) {
            return active.get();
        }
        StateFolder.Folded f = folder.latest(actor, registry.initialState(type));
        return new ActorState(actor, f.seq(), canonical(actor, type, f));
    }

    /**
     * The latest committed state as the type's state class: an active actor's converted from its tree, a passivated
     * one's folded from the store and converted once (without the canonical tree that {@link #state} builds).
     */
    <T> T typedState(ActorRef actor, Class<T> stateClass) {
        ActorType<?, ?> type = registry.require(actor.type());
        if (type.stateClass() != stateClass) {
            throw new IllegalArgumentException("the state of actor type '" + type.name() + "' is "
                    + type.stateClass().getName() + ", not " + stateClass.getName());
        }
        Optional<ActorState> active = pool.view(actor);
        if (active.isPresent()) {
            return active.get().as(stateClass);
        }
        return folder.read(actor, folder.latest(actor, registry.initialState(type)), stateClass);
    }

    ActorState stateAt(ActorRef actor, long seq) {
        ActorType<?, ?> type = registry.require(actor.type());
        StateFolder.Folded f = folder.at(actor, registry.initialState(type), seq);
        return new ActorState(actor, f.seq(), canonical(actor, type, f));
    }

    /** The state as the state type writes it (field order, number types), as a live actor holds it. */
    private JsonNode canonical(ActorRef actor, ActorType<?, ?> type, StateFolder.Folded folded) {
        return Json.toTree(folder.read(actor, folded, type.stateClass()));
    }

    List<JournalEntry> journal(ActorRef actor, long fromSeq, int limit) {
        registry.require(actor.type());
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return store.journal().read(actor, Math.max(1, fromSeq), limit);
    }

    List<ReplayStep> replay(ActorRef actor, long fromSeq, long toSeq) {
        ActorType<?, ?> type = registry.require(actor.type());
        return folder.replay(actor, registry.initialState(type), fromSeq, toSeq);
    }

    long snapshot(ActorRef actor) {
        ActorType<?, ?> type = registry.require(actor.type());
        HeldPartition held = heldFor(actor);
        StateFolder.Folded f = folder.latest(actor, registry.initialState(type));
        if (f.seq() == 0) {
            return 0;
        }
        Snapshot snap = new Snapshot(actor, f.seq(), f.state().toString(), clock.instant());
        WriteResult r = committer.commit(new Write.SnapshotTaken(held.partition(), held.epoch(), snap, !type.retainJournal()));
        return switch (r) {
            case WriteResult.Applied a -> f.seq();
            case WriteResult.Fenced fenced -> throw new PartitionNotHeldException("partition " + held.partition()
                    + " of " + actor + " was taken over by another node during the snapshot");
            case WriteResult.Rejected rej -> throw new StateUnavailableException("snapshot of " + actor
                    + " refused: " + rej.reason());
        };
    }

    void trim(ActorRef actor, long upToSeq) {
        registry.require(actor.type());
        HeldPartition held = heldFor(actor);
        WriteResult r = committer.commit(new Write.Trim(held.partition(), held.epoch(), actor, upToSeq));
        switch (r) {
            case WriteResult.Applied a -> { }
            case WriteResult.Fenced f -> throw new PartitionNotHeldException("partition " + held.partition()
                    + " of " + actor + " was taken over by another node during the trim");
            case WriteResult.Rejected rej -> throw new StateUnavailableException("cannot trim the journal of "
                    + actor + " up to " + upToSeq + ": " + rej.reason());
        }
    }

    private HeldPartition heldFor(ActorRef actor) {
        int p = envelopes.partitionOf(actor);
        return partitions.heldPartition(p).orElseThrow(() -> new PartitionNotHeldException("partition " + p + " of " + actor
                + " is not held by node " + nodeId + "; run this on the node that holds it"));
    }

}
