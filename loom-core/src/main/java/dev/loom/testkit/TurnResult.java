package dev.loom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one turn did: it {@link Committed committed} (a new state and effects) or {@link Failed failed} (an exception,
 * nothing committed). In both cases the durable steps that completed are reported, because the runtime records a
 * step as soon as it completes, even when the turn fails afterwards.
 *
 * @param <S> the actor's state type
 */
public sealed interface TurnResult<S> permits TurnResult.Committed, TurnResult.Failed {

    /** The durable steps the handler ran, in order (those of a failed turn are what its retry replays). */
    List<Step> steps();

    /** What the handler logged through {@code ctx.log()}, in order. */
    List<LogLine> logs();

    /**
     * This result as a committed turn, for tests that expect one.
     *
     * @throws AssertionError if the turn failed; its cause is the handler's exception
     */
    Committed<S> committed();

    /**
     * This result as a failed turn, for tests that expect one.
     *
     * @throws AssertionError if the turn committed
     */
    Failed<S> failed();

    /**
     * A turn that would commit: the handler returned a state that serializes as JSON.
     *
     * @param state     the state the handler returned
     * @param stateJson that state as the runtime stores it (and {@code GET /api/actors/{type}/{id}/state} shows it)
     * @param effects   sends, timers, reminders and reminder cancellations, in the order the handler asked for them;
     *                  a reminder cancelled later in the same turn is not among them, as in the runtime
     * @param reply     the value of the last {@code ctx.reply} call; empty if there was none or it was {@code null}
     * @param steps     the durable steps, in order
     * @param logs      the log lines, in order
     */
    record Committed<S>(S state, JsonNode stateJson, List<Effect> effects, Optional<Object> reply, List<Step> steps,
                        List<LogLine> logs) implements TurnResult<S> {
        public Committed {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(stateJson, "stateJson");
            effects = List.copyOf(effects);
            Objects.requireNonNull(reply, "reply");
            steps = List.copyOf(steps);
            logs = List.copyOf(logs);
        }

        /** The messages sent, in order. */
        public List<Effect.Send> sends() {
            return only(Effect.Send.class);
        }

        /** The timers scheduled to this actor, in order. */
        public List<Effect.Timer> timers() {
            return only(Effect.Timer.class);
        }

        /** The reminders set, in order. */
        public List<Effect.Reminder> reminders() {
            return only(Effect.Reminder.class);
        }

        /** The names of the reminders cancelled, in order. */
        public List<String> cancelledReminders() {
            return only(Effect.ReminderCancelled.class).stream().map(Effect.ReminderCancelled::name).toList();
        }

        /** The reply as JSON, as an {@code ask} receives it ({@code NullNode} when there is none). */
        public JsonNode replyJson() {
            return reply.map(Json::toTree).orElse(NullNode.instance);
        }

        /**
         * The reply converted to {@code type} through its JSON, as a client of {@code ask} reads it (e.g. a
         * {@code long} replied as {@code Long}, a record as a map).
         *
         * @return empty when there is no reply
         * @throws dev.loom.json.SerializationException if the reply's JSON does not convert to {@code type}
         */
        public <T> Optional<T> replyAs(Class<T> type) {
            return reply.map(r -> Json.fromTree(Json.toTree(r), type));
        }

        @Override
        public Committed<S> committed() {
            return this;
        }

        @Override
        public Failed<S> failed() {
            throw new AssertionError("expected the turn to fail, but it committed state " + stateJson
                    + " with effects " + effects);
        }

        private <E extends Effect> List<E> only(Class<E> kind) {
            return effects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /**
     * A turn that would not commit: the handler threw (or returned {@code null}, or a state, reply or message that
     * does not serialize). Nothing of it commits except its completed {@link #steps()}.
     *
     * @param error       what the handler threw
     * @param attempt     the attempt that failed
     * @param disposition what the runtime does with the message next
     * @param steps       the durable steps that completed before the failure
     * @param logs        the log lines, in order
     */
    record Failed<S>(Throwable error, int attempt, Disposition disposition, List<Step> steps, List<LogLine> logs)
            implements TurnResult<S> {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(disposition, "disposition");
            steps = List.copyOf(steps);
            logs = List.copyOf(logs);
        }

        @Override
        public Committed<S> committed() {
            throw new AssertionError("expected the turn to commit, but the handler failed (attempt " + attempt
                    + ", " + disposition + "): " + error, error);
        }

        @Override
        public Failed<S> failed() {
            return this;
        }
    }

    /** What the runtime does with a message whose attempt failed. */
    sealed interface Disposition permits Disposition.Retry, Disposition.Postponed, Disposition.DeadLetter {

        /**
         * The message is retried: attempt {@code nextAttempt} runs after a random backoff of at most
         * {@code maxBackoff} (the actor type's {@link dev.loom.actor.RetryPolicy#cap}), and the actor's later
         * messages wait until then.
         *
         * @param nextAttempt the number of the next attempt
         * @param maxBackoff  the longest the runtime waits before it
         */
        record Retry(int nextAttempt, Duration maxBackoff) implements Disposition {
        }

        /**
         * The message waits for the circuit breaker {@code breaker}, which refused a step's call
         * ({@link dev.loom.breaker.BreakerOpenException}): it runs again after {@code retryAfter} (or when the
         * breaker is reset) as the same attempt, since no attempt is used, and the actor's later messages wait.
         *
         * @param breaker    the breaker's name
         * @param retryAfter the rest of the breaker's open time
         */
        record Postponed(String breaker, Duration retryAfter) implements Disposition {
        }

        /**
         * The message goes to the dead-letter queue: its attempts are used up, or the failure was a
         * {@link dev.loom.actor.NonDeterminismException}, which retrying cannot cure.
         *
         * @param attempts the attempts made
         */
        record DeadLetter(int attempts) implements Disposition {
        }
    }
}
