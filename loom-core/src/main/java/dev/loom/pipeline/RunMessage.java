package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.MessageOutcome;
import dev.loom.json.Json;
import java.util.Objects;

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

    /**
     * What became of a task, compensation or escalation the run sent (routed by the runtime): the parts of its
     * {@link MessageOutcome} the run uses, stored without the members it does not have.
     *
     * @param taskId       the idempotency key of the message sent (the task id), or {@code null}
     * @param kind         how it was settled
     * @param reply        its reply ({@code COMPLETED}, {@code DUPLICATE}); JSON null otherwise
     * @param error        why it was dead-lettered, or {@code null}
     * @param deadLetterId the dead letter's id, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskOutcome(String taskId, MessageOutcome.Kind kind, JsonNode reply, MessageOutcome.Failure error,
                       String deadLetterId) implements RunMessage {
        public TaskOutcome {
            Objects.requireNonNull(kind, "kind");
            reply = reply == null ? NullNode.instance : reply;
        }

        /** The outcome {@code outcome} as the run receives it. */
        public static TaskOutcome of(MessageOutcome outcome) {
            return new TaskOutcome(outcome.idempotencyKey(), outcome.kind(), outcome.reply(), outcome.error(),
                    outcome.deadLetterId());
        }

        /**
         * Reads a stored outcome: this record's members, or, for outcomes queued before the run received only
         * these, the whole {@link MessageOutcome} as {@code outcome}.
         *
         * @throws IllegalArgumentException if {@code node} is neither
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static TaskOutcome read(JsonNode node) {
            JsonNode whole = node.get("outcome");
            if (whole != null && whole.isObject()) {
                return of(Json.fromTree(whole, MessageOutcome.class));
            }
            JsonNode kind = node.get("kind");
            if (kind == null || !kind.isTextual()) {
                throw new IllegalArgumentException("a task outcome needs a kind (or an outcome), got " + node);
            }
            JsonNode error = node.get("error");
            return new TaskOutcome(text(node.get("taskId")), MessageOutcome.Kind.valueOf(kind.asText()),
                    node.get("reply"), error == null || error.isNull() ? null
                            : Json.fromTree(error, MessageOutcome.Failure.class), text(node.get("deadLetterId")));
        }

        private static String text(JsonNode value) {
            return value == null || value.isNull() ? null : value.asText();
        }
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
