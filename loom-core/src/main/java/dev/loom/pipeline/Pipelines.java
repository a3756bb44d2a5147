package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Registering pipeline definitions and operating their runs ({@code loom.pipelines()}).
 *
 * <p>A run is the actor {@code loom.pipeline/<runId>}; every operation is a message to it, so it is durable,
 * ordered with the run's task outcomes and applied exactly once. The operations wait for the run actor's answer
 * and throw {@link IllegalRunTransitionException} when it refused (nothing changed). Definitions are kept by the
 * actor {@code loom.pipeline-definition/<name>}, whose state is every registered version.
 *
 * <p>Every method may also throw the runtime's exceptions for a node that is not running
 * ({@link dev.loom.runtime.LoomUnavailableException}), a store that failed ({@link dev.loom.spi.StoreException})
 * or an answer that did not come in time ({@link dev.loom.runtime.AskTimeoutException}; the operation stays queued
 * and is applied later).
 */
public interface Pipelines {
    /**
     * Registers a definition after validating it against the registered actor types. Registering the same name,
     * version and content again is a no-op; runs already started keep the version they started with.
     *
     * @return the definition as stored
     * @throws InvalidPipelineException     naming each stage and field at fault
     * @throws DefinitionConflictException if this name and version exist with other content
     */
    PipelineDefinition register(PipelineDefinition definition);

    /** As {@link #register(PipelineDefinition)}, for the JSON form ({@link PipelineDefinition#fromJson}). */
    PipelineDefinition register(JsonNode definition);

    /** The latest version of every registered definition, by name. */
    List<PipelineDefinition> definitions();

    /**
     * Every registered version of the definition {@code name}, ascending.
     *
     * @throws UnknownPipelineException if none is registered
     */
    List<PipelineDefinition> versions(String name);

    /**
     * The definition {@code name} at {@code version} (0: the latest).
     *
     * @throws UnknownPipelineException if it is not registered
     */
    PipelineDefinition definition(String name, int version);

    /**
     * Starts a run of the latest version of {@code pipeline}.
     *
     * @param idempotencyKey starting again with this key returns the same run id and starts nothing; {@code null}
     *                       starts a new run each time
     * @return the run id (derived from the pipeline name and the key when a key is given)
     * @throws UnknownPipelineException if the definition is not registered
     */
    String start(String pipeline, JsonNode input, String idempotencyKey);

    /**
     * Starts a run as {@code request} says.
     *
     * @return the run id
     * @throws UnknownPipelineException    if the definition or version is not registered
     * @throws IllegalRunTransitionException if the given run id is already a run of another start
     */
    String start(StartRequest request);

    /**
     * The run's current state.
     *
     * @throws UnknownRunException if no run has this id
     */
    RunView status(String runId);

    /** The run's state, or empty if no run has this id. */
    Optional<RunView> find(String runId);

    /**
     * A page of runs matching {@code filter}, ascending by run id. Cost: it walks the ids of
     * {@code loom.pipeline} actors from the cursor and reads each one's state until the page is full, so a
     * selective filter over many runs reads many states; at most {@code 20 * limit} states are read per call,
     * after which the page is returned short with a cursor to continue.
     */
    RunPage list(RunFilter filter);

    /**
     * The run's stages and recent events.
     *
     * @throws UnknownRunException if no run has this id
     */
    RunTimeline timeline(String runId);

    /**
     * Cancels a run that has not ended: no new task is sent, outcomes of tasks in flight are ignored. With
     * {@code compensate}, the compensations of its succeeded stages run first (in reverse order of completion),
     * then it ends {@link RunStatus#CANCELLED} (or {@link RunStatus#FAILED} if a compensation fails).
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if it has already ended
     */
    RunView cancel(String runId, boolean compensate);

    /**
     * Pauses a run that has not ended: it dispatches nothing new (no task, retry, escalation or compensation), while
     * outcomes of tasks in flight and approval decisions are still recorded. Its status reads
     * {@link RunStatus#PAUSED} until it is resumed, when it continues where it was (running or compensating).
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if it is already paused or has ended
     */
    RunView pause(String runId);

    /**
     * Resumes a paused run: it dispatches whatever became ready while it was paused.
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if it is not paused
     */
    RunView resume(String runId);

    /**
     * Pauses every run of {@code pipeline} (all versions) that has not ended and is not paused.
     *
     * @return the ids of the runs paused
     */
    List<String> pauseAll(String pipeline);

    /**
     * Resumes every paused run of {@code pipeline}.
     *
     * @return the ids of the runs resumed
     */
    List<String> resumeAll(String pipeline);

    /**
     * Approves the human-approval stage {@code stage}.
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if that stage is not waiting for approval
     */
    RunView approve(String runId, String stage, String by, String comment);

    /**
     * Rejects the human-approval stage {@code stage}: the stage fails and the run rolls back.
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if that stage is not waiting for approval
     */
    RunView reject(String runId, String stage, String by, String comment);

    /**
     * Restarts a {@link RunStatus#FAILED} or {@link RunStatus#COMPENSATED} run from its failed stage: stages that
     * succeeded and were not compensated are kept; in the failed stage (and in stages cancelled by the failure) the
     * tasks that succeeded are kept and the others are sent again with new task ids and a fresh retry budget; stages
     * that were compensated, and those not reached, run from the start.
     *
     * @throws UnknownRunException           if no run has this id
     * @throws IllegalRunTransitionException if it is not failed or compensated
     */
    RunView redrive(String runId);
}
