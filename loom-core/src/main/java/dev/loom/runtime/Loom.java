package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.pipeline.Pipelines;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A Loom node: runs the registered actor types over a {@link Store}.
 *
 * <p>Build with {@link #builder()}, then {@link #start()}. Messages sent with {@link #send} are durable when
 * the call returns: they are delivered (at least once) and their turn's effects commit exactly once, or they
 * are dead-lettered. {@link #close()} stops gracefully: it refuses new sends, finishes and commits in-flight
 * turns, and releases partition leases. Loom never closes the store; its owner does.
 *
 * <p>All methods are thread-safe.
 */
public final class Loom implements AutoCloseable {
    /** How long a pipeline operation waits for the run actor's answer. */
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(30);

    private final Engine engine;
    private final Pipelines pipelines;
    private final List<PipelineDefinition> initialDefinitions;

    Loom(Engine engine, boolean pipelinesEnabled, List<PipelineDefinition> definitions) {
        this.engine = engine;
        this.pipelines = pipelinesEnabled ? PipelineRuntime.pipelines(this, PIPELINE_TIMEOUT) : null;
        this.initialDefinitions = List.copyOf(definitions);
    }

    /** A builder with the defaults described on each of its methods. */
    public static LoomBuilder builder() {
        return new LoomBuilder();
    }

    /**
     * Starts the node: joins the cluster, acquires its share of partitions and begins delivering; then registers
     * the pipeline definitions given to {@link LoomBuilder#pipeline}.
     *
     * @throws IllegalStateException                            if already started
     * @throws dev.loom.pipeline.InvalidPipelineException      if a builder's definition names unknown actor or
     *                                                          message types
     * @throws dev.loom.pipeline.DefinitionConflictException   if a builder's definition differs from the one
     *                                                          registered with the same name and version
     */
    public Loom start() {
        engine.start();
        for (PipelineDefinition definition : initialDefinitions) {
            pipelines.register(definition);
        }
        return this;
    }

    /**
     * Pipeline definitions and runs.
     *
     * @throws IllegalStateException if pipelines were not enabled ({@link LoomBuilder#enablePipelines()} or
     *                               {@link LoomBuilder#pipeline})
     */
    public Pipelines pipelines() {
        if (pipelines == null) {
            throw new IllegalStateException("pipelines are not enabled on this node: build it with "
                    + "LoomBuilder.enablePipelines() or LoomBuilder.pipeline(definition)");
        }
        return pipelines;
    }

    /** Current lifecycle status. */
    public LoomStatus status() {
        return engine.status();
    }

    /** This node's id. */
    public String nodeId() {
        return engine.nodeId();
    }

    /** The store this node runs on. */
    public Store store() {
        return engine.ownStore();
    }

    /** The registered actor types, by name. */
    public Collection<ActorType<?, ?>> actorTypes() {
        return engine.actorTypes();
    }

    /**
     * Sends {@code message} to {@code target}; returns once the message is durably accepted.
     *
     * @return the new message's id, not deduplicated (a send without options has no idempotency key)
     * @throws UnknownActorTypeException                 if the target's type is not registered
     * @throws UnknownMessageTypeException               if {@code message} is not one of the type's messages
     * @throws dev.loom.json.SerializationException      if the message cannot be serialized
     * @throws LoomUnavailableException                  if the node is draining or stopped
     * @throws dev.loom.spi.StoreException               if the store did not take it (nothing was accepted)
     */
    public Accepted send(ActorRef target, Object message) {
        return send(target, message, SendOptions.none());
    }

    /**
     * As {@link #send(ActorRef, Object)}, with options (idempotency key, delay, trace parent).
     *
     * <p>With an idempotency key, the send first asks the store, atomically with storing the message, whether a
     * message with that key for {@code target} is known: committed (its idempotency record has not expired),
     * queued, or scheduled as a delayed send. If one is, nothing is stored and the result is that message's id with
     * {@link Accepted#deduplicated()} true; so concurrent sends with one key, on this node or on other nodes of the
     * same store, store one message between them. The key is not known, and a repeat is accepted as a new message,
     * once the idempotency record expired ({@link LoomBuilder#idempotencyTtl}) or was purged, and when the first
     * message was dead-lettered without committing. A message that still arrives twice (sent with the key from a
     * turn, redriven from the dead letters, restored from a backup) is acknowledged without running once the key
     * is committed.
     *
     * @return the message id and whether the send was deduplicated
     */
    public Accepted send(ActorRef target, Object message, SendOptions options) {
        return engine.intake().send(target, message, options);
    }

    /**
     * Sends a message given as JSON (the HTTP API's path): validates the actor type, the message type and
     * the payload's shape before accepting anything. An idempotency key de-duplicates as in
     * {@link #send(ActorRef, Object, SendOptions)}.
     *
     * @return the message id and whether the send was deduplicated
     * @throws InvalidMessageException if the payload does not match the message type; the message names the field
     * @throws UnknownActorTypeException   if the type is not registered
     * @throws UnknownMessageTypeException if the message type is not one of the actor type's
     */
    public Accepted sendJson(ActorRef target, String messageType, JsonNode payload, SendOptions options) {
        return engine.intake().sendJson(target, messageType, payload, options);
    }

    /**
     * Sends {@code message} and waits for the handler's reply. With an idempotency key whose turn already
     * committed, returns the stored reply without running the handler again.
     *
     * @throws AskTimeoutException          if no reply came within {@code timeout} (the message stays accepted)
     * @throws MessageDeadLetteredException if the message was dead-lettered
     */
    public Reply ask(ActorRef target, Object message, SendOptions options, Duration timeout) {
        return engine.intake().ask(target, message, options, timeout);
    }

    /** As {@link #ask(ActorRef, Object, SendOptions, Duration)} with no options. */
    public Reply ask(ActorRef target, Object message, Duration timeout) {
        return ask(target, message, SendOptions.none(), timeout);
    }

    /** As {@link #ask}, with the message given as JSON (validated as in {@link #sendJson}). */
    public Reply askJson(ActorRef target, String messageType, JsonNode payload, SendOptions options, Duration timeout) {
        return engine.intake().askJson(target, messageType, payload, options, timeout);
    }

    /**
     * The actor's latest committed state.
     *
     * @throws UnknownActorTypeException if the type is not registered
     */
    public ActorState state(ActorRef actor) {
        return engine.inspection().state(actor);
    }

    /**
     * The actor's latest committed state as its type's state class: the same value as
     * {@code state(actor).as(stateClass)}, but a passivated actor's state, folded from the store, is converted once
     * instead of through the canonical JSON tree (for reads of many actors, such as listing pipeline runs). The
     * object is the caller's own.
     *
     * @throws UnknownActorTypeException if the type is not registered
     * @throws IllegalArgumentException  if {@code stateClass} is not the type's state class
     */
    public <T> T state(ActorRef actor, Class<T> stateClass) {
        return engine.inspection().typedState(actor, stateClass);
    }

    /**
     * The actor's state as it was right after the turn with journal seq {@code seq} (time travel).
     *
     * @throws StateUnavailableException if {@code seq} is beyond the last or before what the journal keeps
     */
    public ActorState stateAt(ActorRef actor, long seq) {
        return engine.inspection().stateAt(actor, seq);
    }

    /** Up to {@code limit} journal entries of the actor from {@code fromSeq}, ascending. */
    public List<JournalEntry> journal(ActorRef actor, long fromSeq, int limit) {
        return engine.inspection().journal(actor, fromSeq, limit);
    }

    /**
     * Replays the journal from {@code fromSeq} to {@code toSeq} (inclusive), giving each entry with the state
     * it produced.
     *
     * @throws StateUnavailableException if the journal no longer holds the start of the range
     */
    public List<ReplayStep> replay(ActorRef actor, long fromSeq, long toSeq) {
        return engine.inspection().replay(actor, fromSeq, toSeq);
    }

    /**
     * Takes a snapshot of the actor's current state now (trimming the journal unless its type retains it).
     *
     * @return the snapshot's seq (0 when the actor has no turns, and nothing is written)
     * @throws PartitionNotHeldException if another node holds the actor's partition
     */
    public long snapshot(ActorRef actor) {
        return engine.inspection().snapshot(actor);
    }

    /**
     * Deletes the actor's journal entries up to {@code upToSeq}, which must not pass its latest snapshot.
     *
     * @throws StateUnavailableException if {@code upToSeq} is beyond the latest snapshot (nothing is deleted)
     * @throws PartitionNotHeldException if another node holds the actor's partition
     */
    public void trim(ActorRef actor, long upToSeq) {
        engine.inspection().trim(actor, upToSeq);
    }

    /** The dead-letter queue. */
    public DeadLetterQueue deadLetters() {
        return engine.deadLetters();
    }

    /** Statistics of the active-actor pool. */
    public CacheStats cacheStats() {
        return engine.cacheStats();
    }

    /**
     * Passivates the idle active actors whose {@code type/id} matches {@code glob} ({@code *} any run of
     * characters, {@code ?} one). Safe: their state is durable and they reactivate on their next message.
     *
     * @return how many were passivated
     */
    public int clearCache(String glob) {
        return engine.clearCache(glob);
    }

    /**
     * Activates the given actors (on this node, for those in partitions it holds) so their first messages
     * find them in memory.
     *
     * @return how many were activated (already active ones and those of other nodes are not counted)
     */
    public int warm(Collection<ActorRef> actors) {
        return engine.warm(actors);
    }

    /** Partitions this node holds now. */
    public Set<Integer> heldPartitions() {
        return engine.heldPartitions();
    }

    /** Every partition's lease as the store has it. */
    public List<Lease> leases() {
        return engine.leases();
    }

    /** Circuit breakers of this node. */
    public dev.loom.breaker.Breakers breakers() {
        return engine.breakers();
    }

    /** Turns running now on this node. */
    public int inFlightTurns() {
        return engine.inFlightTurns();
    }

    /**
     * Stops gracefully within {@code drainTimeout}: refuses new sends, lets running turns finish and commit,
     * releases leases. Messages not yet started stay queued for the next holder.
     *
     * @return true if every in-flight turn finished within the timeout
     */
    public boolean shutdown(Duration drainTimeout) {
        return engine.shutdown(drainTimeout);
    }

    /**
     * Stops at once, as a crash would: nothing more is committed and leases are not released (they expire).
     * For tests that prove crash safety without killing the JVM.
     */
    void halt() {
        engine.halt();
    }

    /** {@code shutdown} with the builder's drain timeout. */
    @Override
    public void close() {
        engine.shutdown(engine.drainTimeout());
    }
}
