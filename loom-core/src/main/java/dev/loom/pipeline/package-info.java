/**
 * Durable pipelines: DAG workflows whose runs are actors.
 *
 * <p>A {@link dev.loom.pipeline.PipelineDefinition} (built in Java or read from JSON) is a named, versioned DAG of
 * {@link dev.loom.pipeline.Stage stages}: {@code single}, {@code scatter}, {@code gather}, {@code broadcast},
 * {@code fork-join} and {@code human-approval}. Stage inputs are JSON Pointers over
 * {@code {"input": ..., "stages": {"<name>": {"output": ...}}}} or literals; no scripting.
 *
 * <p>A run is the actor {@code loom.pipeline/<runId>}, whose state is the DAG's progress (the name and version of
 * the definition it started with, each stage's tasks and outcomes, a bounded timeline). Tasks are ordinary messages to ordinary
 * actors, sent with the idempotency key {@code runId/stage/attempt/index}; the run learns what became of each one
 * through the runtime's outcome routing ({@link dev.loom.actor.ActorType.Builder#receivesOutcomes}), in the same
 * store write that settles the task. So runs inherit atomic turns, exactly-once effects, fencing, retries, the
 * dead-letter queue, durable timers, the journal and time travel; there is no second engine.
 *
 * <p>On a stage failure after its retries, the compensations of the succeeded stages run one at a time in reverse
 * order of completion (saga). {@link dev.loom.pipeline.Pipelines} operates runs: start, status, list, timeline,
 * cancel, pause and resume, approve and reject, redrive.
 */
package dev.loom.pipeline;
