package dev.loom.testkit;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.NonDeterminismException;
import dev.loom.actor.RetryPolicy;
import dev.loom.breaker.BreakerOpenException;
import dev.loom.breaker.Breakers;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import dev.loom.trace.TraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one turn of an actor type's handler, without a store, threads or a clock, and reports what it did.
 *
 * <pre>{@code
 * TurnResult.Committed<Count> turn = HandlerTestKit.of(counter).given(new Count(2)).when(new Increment(3)).committed();
 * assertEquals(new Count(5), turn.state());
 * }</pre>
 *
 * <p>The turn follows the runtime's rules: the given state and the message reach the handler as the runtime hands
 * them over, read back from their JSON; sends, timers, reminders and the reply are collected as {@link Effect}s and a
 * reply; durable steps run their supplier (or return a {@link #stubStep stub}, or replay a {@link #recordedStep
 * recorded result} by position, failing with {@link NonDeterminismException} on a name that differs; a step run
 * through a circuit breaker runs as if the breaker were closed unless {@link #breakerOpen} says otherwise); a handler
 * that throws, returns {@code null} or returns a state that does not serialize yields {@link TurnResult.Failed}
 * with the retry or dead-letter decision of the type's {@link RetryPolicy} (or, for a {@link BreakerOpenException},
 * the postponement that uses no attempt); the context refuses use after the handler
 * returned. Messages to this actor's type, and to the types passed to {@link #knowing}, are checked to be messages of
 * that type; messages to other types only to serialize, since which types a server registers is not known here.
 *
 * <p>Unless set, the turn is the first attempt of message {@value #DEFAULT_MESSAGE_ID} to actor
 * {@code type/}{@value #DEFAULT_ID} at seq 1, at {@link #DEFAULT_NOW}, from the initial state.
 *
 * <p>A kit is immutable: every {@code with}-style method returns a new kit, so a base kit can be shared by tests.
 * Running a turn does not change the kit; the handler's own side effects (outside {@code ctx}) are its business.
 *
 * @param <S> state type
 * @param <M> message type
 */
public final class HandlerTestKit<S, M> {
    /** The actor id of a kit that was not given one. */
    public static final String DEFAULT_ID = "test";
    /** The message id of a kit that was not given one. */
    public static final String DEFAULT_MESSAGE_ID = "test-message";
    /** The turn's time of a kit that was not given one. */
    public static final Instant DEFAULT_NOW = Instant.parse("2025-01-01T00:00:00Z");
    /** The trace context of a kit that was not given one (the W3C specification's example). */
    public static final String DEFAULT_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** A step result recorded by an earlier attempt, kept as the runtime keeps it: JSON and the result's class. */
    record Recorded(String name, String json, Class<?> resultClass) {
        Object decode(Class<?> requested) {
            if (resultClass == null) {
                return null;
            }
            Class<?> as = requested != null ? requested : resultClass;
            return Json.read(json, as);
        }
    }

    private final ActorType<S, M> type;
    private final String id;
    private final S state;
    private final String messageId;
    private final int attempt;
    private final long seq;
    private final Instant now;
    private final String traceparent;
    private final Map<String, Object> stubs;
    private final List<Recorded> recorded;
    private final Map<String, ActorType<?, ?>> known;
    private final Map<String, Duration> openBreakers;

    private HandlerTestKit(ActorType<S, M> type, String id, S state, String messageId, int attempt, long seq,
                           Instant now, String traceparent, Map<String, Object> stubs, List<Recorded> recorded,
                           Map<String, ActorType<?, ?>> known, Map<String, Duration> openBreakers) {
        this.type = type;
        this.id = id;
        this.state = state;
        this.messageId = messageId;
        this.attempt = attempt;
        this.seq = seq;
        this.now = now;
        this.traceparent = traceparent;
        this.stubs = stubs;
        this.recorded = recorded;
        this.known = known;
        this.openBreakers = openBreakers;
    }

    /** A kit for {@code type}'s handler, with the defaults described above. */
    public static <S, M> HandlerTestKit<S, M> of(ActorType<S, M> type) {
        Objects.requireNonNull(type, "type");
        return new HandlerTestKit<>(type, DEFAULT_ID, type.initialState(), DEFAULT_MESSAGE_ID, 1, 1, DEFAULT_NOW,
                DEFAULT_TRACEPARENT, Map.of(), List.of(), Map.of(type.name(), type), Map.of());
    }

    /**
     * This kit running the turn of actor {@code type/id}.
     *
     * @throws dev.loom.actor.InvalidActorRefException if {@code id} is not a valid actor id
     */
    public HandlerTestKit<S, M> withId(String id) {
        ActorRef.of(type.name(), id);
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /** This kit with the actor in {@code state} before the turn (it must serialize to JSON and back). */
    public HandlerTestKit<S, M> given(S state) {
        Objects.requireNonNull(state, "state");
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /** This kit handling a message with id {@code messageId} (what {@code ctx.messageId()} and step keys use). */
    public HandlerTestKit<S, M> withMessageId(String messageId) {
        if (messageId == null || messageId.isEmpty()) {
            throw new IllegalArgumentException("messageId must not be empty");
        }
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /** This kit running the turn at {@code now} (what {@code ctx.now()} returns and timers are relative to). */
    public HandlerTestKit<S, M> at(Instant now) {
        Objects.requireNonNull(now, "now");
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /**
     * This kit running attempt {@code n} of the message (1 is the first); a failure of the last attempt the type's
     * retry policy allows is a dead letter.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public HandlerTestKit<S, M> attempt(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + n);
        }
        return new HandlerTestKit<>(type, id, state, messageId, n, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /**
     * This kit running the turn that commits as journal seq {@code seq} (what {@code ctx.seq()} returns).
     *
     * @throws IllegalArgumentException if {@code seq < 1}
     */
    public HandlerTestKit<S, M> seq(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1: " + seq);
        }
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known, openBreakers);
    }

    /**
     * This kit with the turn's W3C trace context {@code traceparent}; an invalid one is replaced by a new trace, as
     * the runtime does.
     */
    public HandlerTestKit<S, M> traceparent(String traceparent) {
        String tp = TraceContext.isValid(traceparent) ? traceparent : TraceContext.childOf(null);
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, tp, stubs, recorded, known, openBreakers);
    }

    /**
     * This kit answering every durable step named {@code name} that runs for the first time with {@code result}
     * (which may be {@code null}) instead of running its supplier: the way to test a handler whose step calls an
     * external system. A stubbed step is reported with {@link Step.Source#STUBBED}; recorded steps take precedence.
     */
    public HandlerTestKit<S, M> stubStep(String name, Object result) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> next = new LinkedHashMap<>(stubs);
        next.put(name, result);
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent,
                Collections.unmodifiableMap(next), recorded, known, openBreakers);
    }

    /**
     * This kit with the circuit breaker {@code name} open: a durable step run through it for the first time
     * ({@code ctx.run(.., StepOptions.breaker(name), ..)}) does not run its supplier (nor answer with a stub) and
     * throws {@link BreakerOpenException} with {@code retryAfter}; left to end the turn, it yields
     * {@link TurnResult.Disposition.Postponed}, as the runtime postpones such a message without using an attempt.
     * The kit counts no failures, so a step's own failure never opens a breaker here.
     */
    public HandlerTestKit<S, M> breakerOpen(String name, Duration retryAfter) {
        Breakers.checkName(name);
        Map<String, Duration> next = new LinkedHashMap<>(openBreakers);
        next.put(name, Objects.requireNonNull(retryAfter, "retryAfter"));
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded, known,
                Collections.unmodifiableMap(next));
    }

    /**
     * This kit re-running a turn whose earlier attempt recorded one more durable step, named {@code name} with
     * {@code result}: the next step the handler runs at that position returns the recorded result, read back from
     * JSON, without running its supplier; a step of another name at that position fails the turn with
     * {@link NonDeterminismException} (a dead letter). Call once per recorded step, in order.
     *
     * @throws SerializationException if {@code result} does not serialize as JSON (the runtime could not have
     *                                recorded it)
     */
    public HandlerTestKit<S, M> recordedStep(String name, Object result) {
        Objects.requireNonNull(name, "name");
        List<Recorded> next = new ArrayList<>(recorded);
        next.add(new Recorded(name, Json.write(result), result == null ? null : result.getClass()));
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs,
                List.copyOf(next), known, openBreakers);
    }

    /**
     * This kit running the retry of {@code failure}: the next attempt, replaying the steps that attempt completed
     * (they replace steps recorded on this kit).
     *
     * @throws IllegalArgumentException if the runtime would not retry it (it is dead-lettered)
     */
    public HandlerTestKit<S, M> retrying(TurnResult.Failed<S> failure) {
        int nextAttempt = switch (failure.disposition()) {
            case TurnResult.Disposition.Retry retry -> retry.nextAttempt();
            case TurnResult.Disposition.Postponed postponed -> failure.attempt();
            case TurnResult.Disposition.DeadLetter dead -> throw new IllegalArgumentException(
                    "the failed message is not retried: " + dead);
        };
        HandlerTestKit<S, M> kit = new HandlerTestKit<>(type, id, state, messageId, nextAttempt, seq, now,
                traceparent, stubs, List.of(), known, openBreakers);
        for (Step s : failure.steps()) {
            kit = kit.recordedStep(s.name(), s.result());
        }
        return kit;
    }

    /**
     * This kit also checking messages sent to actors of {@code types}: a message that is not one of its target
     * type's messages fails the turn with {@link dev.loom.runtime.UnknownMessageTypeException}, as in a runtime
     * where those types are registered.
     */
    public HandlerTestKit<S, M> knowing(ActorType<?, ?>... types) {
        Map<String, ActorType<?, ?>> next = new LinkedHashMap<>(known);
        for (ActorType<?, ?> t : types) {
            next.put(t.name(), t);
        }
        return new HandlerTestKit<>(type, id, state, messageId, attempt, seq, now, traceparent, stubs, recorded,
                Collections.unmodifiableMap(next), openBreakers);
    }

    /**
     * Runs the handler once on {@code message}.
     *
     * @return {@link TurnResult.Committed} if the handler returned a state, otherwise {@link TurnResult.Failed}
     * @throws IllegalArgumentException if {@code message} is not one of the type's messages, or the message or the
     *                                  given state does not survive the JSON round trip the runtime puts it through
     *                                  (these are errors in the test, not in the turn)
     * @throws Error                    an error other than {@link StackOverflowError} and {@link AssertionError}
     *                                  thrown by the handler, which the runtime does not treat as a failed attempt
     */
    public TurnResult<S> when(M message) {
        Objects.requireNonNull(message, "message");
        String messageType = type.messageTypeName(message).orElseThrow(() -> new IllegalArgumentException(
                message.getClass().getName() + " is not a message of actor type '" + type.name()
                        + "'; its message types are: " + String.join(", ", type.messageTypes().keySet())));
        M delivered = type.messageClass().cast(roundTrip(message, type.messageTypes().get(messageType), "message"));
        S before = type.stateClass().cast(roundTrip(state, type.stateClass(), "state"));
        ActorRef self = ActorRef.of(type.name(), id);
        KitContext ctx = new KitContext(self, messageId, attempt, seq, now, traceparent, known, stubs, recorded,
                openBreakers);
        try {
            S next = type.handler().handle(ctx, before, delivered);
            if (next == null) {
                throw new IllegalStateException("the handler of actor type '" + type.name()
                        + "' returned null; return the new (or unchanged) state instead");
            }
            return new TurnResult.Committed<>(next, Json.toTree(next), ctx.effects(), ctx.reply(), ctx.steps(),
                    ctx.logs());
        } catch (NonDeterminismException e) {
            return new TurnResult.Failed<>(e, attempt, new TurnResult.Disposition.DeadLetter(attempt), ctx.steps(),
                    ctx.logs());
        } catch (Exception | StackOverflowError | AssertionError e) {
            Optional<BreakerOpenException> open = BreakerOpenException.in(e);
            if (open.isPresent()) {
                return new TurnResult.Failed<>(e, attempt, new TurnResult.Disposition.Postponed(open.get().breaker(),
                        open.get().retryAfter()), ctx.steps(), ctx.logs());
            }
            RetryPolicy retry = type.retry();
            TurnResult.Disposition next = retry.mayRetry(attempt)
                    ? new TurnResult.Disposition.Retry(attempt + 1, retry.cap(attempt))
                    : new TurnResult.Disposition.DeadLetter(attempt);
            return new TurnResult.Failed<>(e, attempt, next, ctx.steps(), ctx.logs());
        } finally {
            ctx.close();
        }
    }

    /** {@code value} as the runtime hands it to a handler: written as JSON and read back. */
    private static Object roundTrip(Object value, Class<?> as, String what) {
        try {
            return Json.read(Json.write(value), as);
        } catch (SerializationException e) {
            throw new IllegalArgumentException("the " + what + " does not survive the JSON round trip the runtime"
                    + " puts it through: " + e.getMessage(), e);
        }
    }
}
