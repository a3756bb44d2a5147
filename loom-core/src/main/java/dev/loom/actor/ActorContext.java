package dev.loom.actor;

import dev.loom.breaker.BreakerOpenException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a handler may do during a turn. Sends, timers, reminders and the reply are buffered and committed
 * atomically with the turn's journal entry; if the turn fails, none of them happens. Durable steps
 * ({@link #run}) are the exception: their results are made durable as soon as they complete.
 *
 * <p>A context is valid only during the handler call that received it.
 */
public interface ActorContext {
    /** The actor handling the message. */
    ActorRef self();

    /** The id of the message being handled (stable across retries and redelivery). */
    String messageId();

    /** Which attempt this is (1 for the first). */
    int attempt();

    /** The journal sequence this turn will commit as. */
    long seq();

    /** The clock's time at the start of the turn. */
    Instant now();

    /** Sends {@code message} to {@code target} when the turn commits. */
    void send(ActorRef target, Object message);

    /** Sends with options (idempotency key, delay, trace parent) when the turn commits. */
    void send(ActorRef target, Object message, SendOptions options);

    /** Delivers {@code message} to this actor after {@code delay} (a durable timer). */
    void schedule(Duration delay, Object message);

    /** Delivers {@code message} to this actor at {@code at} (a durable timer). */
    void scheduleAt(Instant at, Object message);

    /**
     * Delivers {@code message} to this actor every {@code interval}, first after one interval, until cancelled.
     * A reminder with the same name replaces this one. {@code missed} says what happens to fires missed while
     * no node ran the actor.
     */
    void remind(String name, Duration interval, Object message, MissedFirePolicy missed);

    /** Cancels this actor's reminder {@code name} (no-op if none) when the turn commits. */
    void cancelReminder(String name);

    /** Sets the turn's reply, returned to an {@code ask} and stored with the idempotency key. */
    void reply(Object value);

    /**
     * Runs a durable step: on the first execution, runs {@code step} and makes its result durable before
     * returning it; when the turn is re-run (after a crash or a failure), returns the recorded result
     * without running {@code step} again. Steps are matched by position: if the recorded step at this
     * position has another name, the message fails as non-deterministic and is dead-lettered.
     * The result is stored as JSON and read back as its runtime class.
     *
     * @throws NonDeterminismException if the recorded step at this position has another name
     */
    <T> T run(String name, Supplier<T> step);

    /** As {@link #run(String, Supplier)}, reading a recorded result back as {@code type}. */
    <T> T run(String name, Class<T> type, Supplier<T> step);

    /**
     * As {@link #run(String, Supplier)}, with options. With a circuit breaker ({@link StepOptions#breaker}), the
     * first execution of the step goes through that breaker: while it is open the step does not run and
     * {@link BreakerOpenException} is thrown; left to end the turn, it makes the runtime put the message back
     * without counting an attempt and run it again once the breaker lets calls through (its remaining open
     * time, or at once when an operator resets it), so a downstream outage fills no dead-letter queue. A step
     * that throws counts as a failure on the breaker (and fails the attempt as usual), one that returns as a
     * success. A recorded step replayed on a re-run returns its result without touching the breaker.
     *
     * @throws BreakerOpenException    if the step's breaker refused the call (the step did not run)
     * @throws NonDeterminismException if the recorded step at this position has another name
     */
    <T> T run(String name, StepOptions options, Supplier<T> step);

    /** As {@link #run(String, StepOptions, Supplier)}, reading a recorded result back as {@code type}. */
    <T> T run(String name, Class<T> type, StepOptions options, Supplier<T> step);

    /**
     * A stable key for the step being run (or the next one, outside a step): {@code type/id/messageId/index}.
     * Pass it to the external system so that a step repeated after a crash between the call and its record
     * is not applied twice there.
     */
    String idempotencyKey();

    /** A logger named after the actor type. */
    Logger log();

    /** The W3C trace context of this turn. */
    String traceparent();
}
