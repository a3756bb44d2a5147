package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.ActorContext;
import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.NonDeterminismException;
import dev.loom.actor.SendOptions;
import dev.loom.actor.StepOptions;
import dev.loom.breaker.BreakerOpenException;
import dev.loom.json.Json;
import dev.loom.spi.Envelope;
import dev.loom.spi.Reminder;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** The context of one turn: buffers its effects until commit and records durable steps as they complete. */
final class TurnContext implements ActorContext {
    private final TurnServices services;
    private final ActorRef self;
    private final StoredMessage message;
    private final long epoch;
    private final long seq;
    private final Instant now;
    private final Logger log;
    private final String traceparent;
    private final TurnSpan turn;
    private final List<StepRecord> steps;
    private int stepIndex;
    /** Set when a step's failure opened its breaker: if the turn fails, the outage is to blame, not the message. */
    private BreakerOpenException tripped;
    private boolean open = true;

    private List<Envelope> sends = List.of();
    private List<TimerRequest> timers = List.of();
    private List<String> cancelledReminders = List.of();
    private JsonNode reply = NullNode.instance;

    TurnContext(TurnServices services, ActorRef self, StoredMessage message, long epoch, long seq, Instant now, Logger log,
                TurnSpan turn) {
        this.services = services;
        this.self = self;
        this.message = message;
        this.epoch = epoch;
        this.seq = seq;
        this.now = now;
        this.log = log;
        this.turn = turn;
        this.traceparent = turn.traceparent();
        this.steps = new ArrayList<>(message.delivery().steps());
    }

    @Override
    public ActorRef self() {
        return self;
    }

    @Override
    public String messageId() {
        return message.envelope().messageId();
    }

    @Override
    public int attempt() {
        return message.delivery().attempts() + 1;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void send(ActorRef target, Object msg) {
        send(target, msg, SendOptions.none());
    }

    @Override
    public void send(ActorRef target, Object msg, SendOptions options) {
        checkOpen();
        Objects.requireNonNull(options, "options");
        String tp = options.traceparent() != null ? options.traceparent() : traceparent;
        Instant at = Envelopes.deliveryTime(options, now);
        Envelope env = services.envelopes().fromTurn(target, msg, options.idempotencyKey(), self.toString(), tp, now, at, turn);
        if (at == null) {
            if (sends.isEmpty()) {
                sends = new ArrayList<>(2);
            }
            sends.add(env);
        } else {
            addTimer(new TimerRequest(env, at, null));
        }
    }

    @Override
    public void schedule(Duration delay, Object msg) {
        scheduleAt(now.plus(delay), msg);
    }

    @Override
    public void scheduleAt(Instant at, Object msg) {
        checkOpen();
        addTimer(new TimerRequest(services.envelopes().fromTurn(self, msg, null, self.toString(), traceparent, now, at, turn),
                at, null));
    }

    @Override
    public void remind(String name, Duration interval, Object msg, MissedFirePolicy missed) {
        checkOpen();
        Reminder reminder = new Reminder(Objects.requireNonNull(name, "name"), interval, missed);
        Instant at = now.plus(interval);
        Envelope env = services.envelopes().fromTurn(self, msg, null, self.toString(), traceparent, now, at, turn);
        addTimer(new TimerRequest(env, at, reminder));
    }

    @Override
    public void cancelReminder(String name) {
        checkOpen();
        if (cancelledReminders.isEmpty()) {
            cancelledReminders = new ArrayList<>(1);
        }
        cancelledReminders.add(name);
        if (!timers.isEmpty()) {
            timers.removeIf(t -> t.reminder() != null && t.reminder().name().equals(name));
        }
    }

    @Override
    public void reply(Object value) {
        checkOpen();
        reply = value == null ? NullNode.instance : Json.toTree(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T run(String name, Supplier<T> step) {
        return (T) runStep(name, null, StepOptions.none(), step);
    }

    @Override
    public <T> T run(String name, Class<T> type, Supplier<T> step) {
        return type.cast(runStep(name, Objects.requireNonNull(type, "type"), StepOptions.none(), step));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T run(String name, StepOptions options, Supplier<T> step) {
        return (T) runStep(name, null, options, step);
    }

    @Override
    public <T> T run(String name, Class<T> type, StepOptions options, Supplier<T> step) {
        return type.cast(runStep(name, Objects.requireNonNull(type, "type"), options, step));
    }

    private Object runStep(String name, Class<?> type, StepOptions options, Supplier<?> step) {
        checkOpen();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        int index = stepIndex;
        if (index < steps.size()) {
            StepRecord recorded = steps.get(index);
            Span span = services.tracing().startStep(name, index, true);
            try {
                if (!recorded.name().equals(name)) {
                    throw new NonDeterminismException("message " + messageId() + " to " + self + ": step " + index
                            + " was recorded as '" + recorded.name() + "' but the handler now runs '" + name + "'");
                }
                stepIndex++;
                return decode(recorded, type);
            } catch (RuntimeException e) {
                Tracing.fail(span, e);
                throw e;
            } finally {
                span.end();
            }
        }
        if (!services.partitions().leaseAllowsStep(message.envelope().partition(), epoch)) {
            // the lease ran out (a pause, a store outage) and was not renewed: the partition's next holder runs the step
            throw new PartitionLostException(message.envelope().partition());
        }
        Span span = services.tracing().startStep(name, index, false);
        try {
            Object result;
            try (Scope scope = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
                // Only a step that really runs meets the breaker: a replayed one (above) made its call already.
                result = options.breakerName() == null ? step.get() : callThroughBreaker(options.breakerName(), step);
            }
            StepRecord record = new StepRecord(index, name, Json.write(result),
                    result == null ? null : result.getClass().getName(), services.now());
            WriteResult r = services.committer().commit(
                    new Write.StepRecorded(message.envelope().partition(), epoch, message.seq(), record));
            switch (r) {
                case WriteResult.Applied a -> {
                    steps.add(record);
                    stepIndex++;
                }
                case WriteResult.Fenced f -> throw new PartitionLostException(f.partition());
                case WriteResult.Rejected rej -> throw new StepRejectedException(
                        "step '" + name + "' of message " + messageId() + " could not be recorded: " + rej.reason());
            }
            return result;
        } catch (RuntimeException | Error e) {
            Tracing.fail(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Runs the step through its breaker, noting when the step's own failure opened it. */
    private Object callThroughBreaker(String breaker, Supplier<?> step) {
        try {
            return services.breakers().call(breaker, step);
        } catch (BreakerOpenException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            services.breakers().openFor(breaker).ifPresent(wait -> tripped = new BreakerOpenException(breaker, wait, e));
            throw e;
        }
    }

    private Object decode(StepRecord r, Class<?> type) {
        if (r.resultType() == null) {
            return null;
        }
        Class<?> cls = type;
        if (cls == null) {
            try {
                cls = Class.forName(r.resultType(), false, classLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("recorded result of step '" + r.name() + "' has type "
                        + r.resultType() + ", which is not on the classpath", e);
            }
        }
        return Json.read(r.result(), cls);
    }

    @Override
    public String idempotencyKey() {
        return self.type() + "/" + self.id() + "/" + messageId() + "/" + stepIndex;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public String traceparent() {
        return traceparent;
    }

    private void addTimer(TimerRequest t) {
        if (timers.isEmpty()) {
            timers = new ArrayList<>(1);
        }
        timers.add(t);
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("an ActorContext is valid only during the handler call that received it");
        }
    }

    void close() {
        open = false;
    }

    List<Envelope> sends() {
        return sends;
    }

    List<TimerRequest> timers() {
        return timers;
    }

    List<String> cancelledReminders() {
        return cancelledReminders;
    }

    JsonNode reply() {
        return reply;
    }

    /** The breaker a step's failure opened during this turn, if any. */
    Optional<BreakerOpenException> trippedBreaker() {
        return Optional.ofNullable(tripped);
    }

    /** Steps as recorded so far (carried into the message's bookkeeping if the attempt fails). */
    List<StepRecord> steps() {
        return steps;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TurnContext.class.getClassLoader();
    }
}
