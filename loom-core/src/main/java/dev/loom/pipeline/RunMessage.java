package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.MessageOutcome;

/**
 * The messages of the run actor ({@code loom.pipeline}): the operations of {@link Pipelines}, the outcomes of the
 * run's tasks, and its own durable timers. Operations are answered with a {@link RunAnswer}.
 */
public sealed interface RunMessage {
    /**
     * Starts the run on version {@code version} of pipeline {@code pipeline}; a repeat (same key) changes nothing.
     *
     * @param definition the definition itself, in starts written before runs named their definition (still
     *                   accepted); {@code null} otherwise
     */
    record Start(String pipeline, int version, JsonNode input, String idempotencyKey, PipelineDefinition definition)
            implements RunMessage {
        /** A start of version {@code version} of {@code pipeline}. */
        public Start(String pipeline, int version, JsonNode input, String idempotencyKey) {
            this(pipeline, version, input, idempotencyKey, null);
        }
    }

    /** Cancels the run, with or without compensation. */
    record Cancel(boolean compensate) implements RunMessage {
    }

    /** Stops dispatching. */
    record Pause() implements RunMessage {
    }

    /** Dispatches again. */
    record Resume() implements RunMessage {
    }

    /** Approves a waiting human-approval stage. */
    record Approve(String stage, String by, String comment) implements RunMessage {
    }

    /** Rejects a waiting human-approval stage. */
    record Reject(String stage, String by, String comment) implements RunMessage {
    }

    /** Restarts a failed or compensated run from its failed stage. */
    record Redrive() implements RunMessage {
    }

    /** What became of a task, compensation or escalation the run sent (routed by the runtime). */
    record TaskOutcome(MessageOutcome outcome) implements RunMessage {
    }

    /** A task attempt's timeout passed. */
    record TaskTimeout(String stage, String taskId) implements RunMessage {
    }

    /** A task's retry backoff passed. */
    record RetryDue(String stage, String taskId) implements RunMessage {
    }

    /** A stage's circuit breaker may admit calls again. */
    record BreakerRetry(String stage) implements RunMessage {
    }

    /** A human-approval stage's wait (round {@code round}) timed out. */
    record ApprovalTimeout(String stage, int round) implements RunMessage {
    }
}
