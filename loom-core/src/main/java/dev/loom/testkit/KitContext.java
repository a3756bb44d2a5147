package dev.loom.testkit;

import dev.loom.actor.ActorContext;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.NonDeterminismException;
import dev.loom.actor.SendOptions;
import dev.loom.actor.StepOptions;
import dev.loom.breaker.BreakerOpenException;
import dev.loom.json.Json;
import dev.loom.runtime.UnknownMessageTypeException;
import dev.loom.spi.Reminder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The context of a test turn. It follows the runtime's turn context call for call (the same validation, the same
 * exceptions, the same step keys and replay rules) but collects effects as values instead of committing them.
 */
final class KitContext implements ActorContext {
    private final ActorRef self;
    private final String messageId;
    private final int attempt;
    private final long seq;
    private final Instant now;
    private final String traceparent;
    private final Map<String, ActorType<?, ?>> known;
    private final Map<String, Object> stubs;
    private final List<HandlerTestKit.Recorded> recorded;
    private final Map<String, Duration> openBreakers;
    private final RecordingLogger log;
    private final List<Effect> effects = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private Object reply;
    private int stepIndex;
    private boolean open = true;

    KitContext(ActorRef self, String messageId, int attempt, long seq, Instant now, String traceparent,
               Map<String, ActorType<?, ?>> known, Map<String, Object> stubs, List<HandlerTestKit.Recorded> recorded,
               Map<String, Duration> openBreakers) {
        this.self = self;
        this.messageId = messageId;
        this.attempt = attempt;
        this.seq = seq;
        this.now = now;
        this.traceparent = traceparent;
        this.known = known;
        this.stubs = stubs;
        this.recorded = recorded;
        this.openBreakers = openBreakers;
        // The same name as the runtime's logger, so a handler that inspects it sees no difference.
        this.log = new RecordingLogger("loom.actor." + self.type());
    }

    @Override
    public ActorRef self() {
        return self;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public int attempt() {
        return attempt;
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
    public void send(ActorRef target, Object message) {
        send(target, message, SendOptions.none());
    }

    @Override
    public void send(ActorRef target, Object message, SendOptions options) {
        checkOpen();
        Objects.requireNonNull(options, "options");
        encode(Objects.requireNonNull(target, "target"), message);
        effects.add(new Effect.Send(target, message, options, deliveryTime(options)));
    }

    /** When a send with these options becomes deliverable, if later than now (the runtime's rule). */
    private Optional<Instant> deliveryTime(SendOptions options) {
        Instant at = options.deliverAt() != null ? options.deliverAt()
                : options.delay() != null && !options.delay().isZero() ? now.plus(options.delay()) : null;
        return at != null && at.isAfter(now) ? Optional.of(at) : Optional.empty();
    }

    @Override
    public void schedule(Duration delay, Object message) {
        scheduleAt(now.plus(delay), message);
    }

    @Override
    public void scheduleAt(Instant at, Object message) {
        checkOpen();
        encode(self, message);
        effects.add(new Effect.Timer(Objects.requireNonNull(at, "at"), message));
    }

    @Override
    public void remind(String name, Duration interval, Object message, MissedFirePolicy missed) {
        checkOpen();
        Reminder reminder = new Reminder(Objects.requireNonNull(name, "name"), interval, missed);
        encode(self, message);
        effects.add(new Effect.Reminder(name, reminder.interval(), message, missed, now.plus(interval)));
    }

    @Override
    public void cancelReminder(String name) {
        checkOpen();
        // As in the runtime: cancelling also drops a reminder of that name set earlier in this turn.
        effects.removeIf(e -> e instanceof Effect.Reminder r && r.name().equals(name));
        effects.add(new Effect.ReminderCancelled(name));
    }

    @Override
    public void reply(Object value) {
        checkOpen();
        if (value != null) {
            // The runtime converts the reply when it is given, so an unserializable reply fails the turn here too.
            Json.toTree(value);
        }
        reply = value;
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
        String key = idempotencyKey();
        if (index < recorded.size()) {
            HandlerTestKit.Recorded r = recorded.get(index);
            if (!r.name().equals(name)) {
                throw new NonDeterminismException("message " + messageId + " to " + self + ": step " + index
                        + " was recorded as '" + r.name() + "' but the handler now runs '" + name + "'");
            }
            stepIndex++;
            Object result = r.decode(type);
            steps.add(new Step(index, name, key, result, Step.Source.REPLAYED));
            return result;
        }
        // As in the runtime, only a step that really runs meets its breaker; a replayed one returned above.
        Duration open = options.breakerName() == null ? null : openBreakers.get(options.breakerName());
        if (open != null) {
            throw new BreakerOpenException(options.breakerName(), open);
        }
        Step.Source source = stubs.containsKey(name) ? Step.Source.STUBBED : Step.Source.RAN;
        Object result = source == Step.Source.STUBBED ? stubs.get(name) : step.get();
        // The runtime stores the result as JSON before handing it back; one that does not serialize fails the turn.
        Json.write(result);
        steps.add(new Step(index, name, key, result, source));
        stepIndex++;
        return result;
    }

    @Override
    public String idempotencyKey() {
        return self.type() + "/" + self.id() + "/" + messageId + "/" + stepIndex;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public String traceparent() {
        return traceparent;
    }

    /**
     * Checks a message as the runtime encodes it: it must be one of the target type's messages when the kit knows
     * that type, and it must serialize as JSON.
     */
    private void encode(ActorRef target, Object message) {
        if (message == null) {
            throw new UnknownMessageTypeException("message for actor type '" + target.type() + "' is null");
        }
        ActorType<?, ?> type = known.get(target.type());
        if (type != null) {
            if (type.messageTypeName(message).isEmpty()) {
                throw new UnknownMessageTypeException(message.getClass().getName() + " is not a message of actor type '"
                        + type.name() + "'; its message types are: " + String.join(", ", type.messageTypes().keySet()));
            }
        }
        Json.write(message);
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("an ActorContext is valid only during the handler call that received it");
        }
    }

    void close() {
        open = false;
    }

    List<Effect> effects() {
        return effects;
    }

    List<Step> steps() {
        return steps;
    }

    Optional<Object> reply() {
        return Optional.ofNullable(reply);
    }

    List<LogLine> logs() {
        return log.lines();
    }
}
