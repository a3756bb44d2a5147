package dev.loom.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An actor type: a name, a state type with an initial value, a message type and a handler, plus the
 * policies the runtime applies to its actors.
 *
 * <p>The message type is a record, or a sealed interface (or sealed class) whose permitted subtypes are
 * records; each concrete subtype is a message type named by its simple class name. States and messages are
 * stored as JSON (Jackson), so they must be serializable as such.
 *
 * <pre>{@code
 * ActorType<Count, CounterMsg> counter = ActorType.builder("counter", Count.class, CounterMsg.class)
 *     .initialState(new Count(0))
 *     .handler((ctx, state, msg) -> switch (msg) {
 *         case Increment i -> new Count(state.value() + i.by());
 *         case Get g -> { ctx.reply(state.value()); yield state; }
 *     })
 *     .build();
 * }</pre>
 *
 * @param <S> state type
 * @param <M> message type
 */
public final class ActorType<S, M> {
    private final String name;
    private final Class<S> stateClass;
    private final Class<M> messageClass;
    private final S initialState;
    private final Handler<S, M> handler;
    private final RetryPolicy retry;
    private final int snapshotEvery;
    private final boolean retainJournal;
    private final Duration passivateAfter;
    private final Map<String, Class<? extends M>> messageTypes;
    private final Function<MessageOutcome, ? extends M> outcomes;
    private final boolean deduplicatesOutcomes;
    private final Predicate<? super S> passivateWhen;

    private ActorType(Builder<S, M> b) {
        this.name = b.name;
        this.stateClass = b.stateClass;
        this.messageClass = b.messageClass;
        this.initialState = Objects.requireNonNull(b.initialState, () -> "actor type '" + b.name + "' has no initialState");
        this.handler = Objects.requireNonNull(b.handler, () -> "actor type '" + b.name + "' has no handler");
        this.retry = b.retry;
        this.snapshotEvery = b.snapshotEvery;
        this.retainJournal = b.retainJournal;
        this.passivateAfter = b.passivateAfter;
        this.messageTypes = Collections.unmodifiableMap(discoverMessageTypes(b.name, b.messageClass));
        this.outcomes = b.outcomes;
        this.deduplicatesOutcomes = b.deduplicatesOutcomes;
        this.passivateWhen = b.passivateWhen;
        if (outcomes != null) {
            checkOutcomeMessage();
        } else if (deduplicatesOutcomes) {
            throw new IllegalArgumentException("actor type '" + name + "': deduplicatesOutcomes needs receivesOutcomes");
        }
    }

    /** Fails at registration, not at the first outcome, when the wrapper does not yield one of this type's messages. */
    private void checkOutcomeMessage() {
        MessageOutcome sample = new MessageOutcome("m", null, ActorRef.of(name, "x"), MessageOutcome.Kind.COMPLETED,
                null, null, null);
        Object wrapped = outcomes.apply(sample);
        if (wrapped == null || messageTypeName(wrapped).isEmpty()) {
            throw new IllegalArgumentException("actor type '" + name + "': receivesOutcomes must wrap an outcome"
                    + " into one of its message types " + messageTypes.keySet() + ", got "
                    + (wrapped == null ? "null" : wrapped.getClass().getName()));
        }
    }

    /**
     * Starts an actor type.
     *
     * @throws InvalidActorRefException if {@code name} is not a valid type name
     */
    public static <S, M> Builder<S, M> builder(String name, Class<S> stateClass, Class<M> messageClass) {
        return new Builder<>(name, stateClass, messageClass);
    }

    /** The type name actors of this type are addressed by. */
    public String name() {
        return name;
    }

    /** The state's class; states are stored as its JSON. */
    public Class<S> stateClass() {
        return stateClass;
    }

    /** The root message type (a record, or a sealed type of records). */
    public Class<M> messageClass() {
        return messageClass;
    }

    /** The state of an actor that has committed no turn. */
    public S initialState() {
        return initialState;
    }

    /** The behaviour run for each message. */
    public Handler<S, M> handler() {
        return handler;
    }

    /** How failing messages of this type are retried before they are dead-lettered. */
    public RetryPolicy retry() {
        return retry;
    }

    /** A snapshot is written with every turn whose seq is a multiple of this (0 = never). */
    public int snapshotEvery() {
        return snapshotEvery;
    }

    /** When true, snapshots never trim the journal (full audit trail). */
    public boolean retainJournal() {
        return retainJournal;
    }

    /** This type's idle time before passivation, if it overrides the runtime's. */
    public Optional<Duration> passivateAfter() {
        return Optional.ofNullable(passivateAfter);
    }

    /**
     * Whether an actor whose turn committed {@code state} leaves memory as soon as no message waits for it
     * ({@link Builder#passivateWhen}); false for every state unless the type says otherwise.
     */
    public boolean passivatesAt(S state) {
        return passivateWhen != null && passivateWhen.test(state);
    }

    /**
     * How this type receives the {@link MessageOutcome outcomes} of the messages its actors send, if it opted in
     * with {@link Builder#receivesOutcomes}: the function wraps an outcome into one of this type's messages.
     */
    public Optional<Function<MessageOutcome, ? extends M>> outcomes() {
        return Optional.ofNullable(outcomes);
    }

    /**
     * Whether this type's handler ignores an outcome it has already applied ({@link Builder#deduplicatesOutcomes}),
     * so that its outcomes are delivered without an idempotency key.
     */
    public boolean deduplicatesOutcomes() {
        return deduplicatesOutcomes;
    }

    /** Message type names (simple class names) to their classes, in declaration order. */
    public Map<String, Class<? extends M>> messageTypes() {
        return messageTypes;
    }

    /** The name under which {@code message} is stored, or empty if it is not one of this type's messages. */
    public Optional<String> messageTypeName(Object message) {
        for (Map.Entry<String, Class<? extends M>> e : messageTypes.entrySet()) {
            if (e.getValue() == message.getClass()) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** A copy of this type with other policies (used when configuration overrides them). */
    public ActorType<S, M> withPolicies(RetryPolicy retry, int snapshotEvery, boolean retainJournal,
                                        Duration passivateAfter) {
        Builder<S, M> b = builder(name, stateClass, messageClass).initialState(initialState).handler(handler)
                .retry(retry).snapshotEvery(snapshotEvery).retainJournal(retainJournal).passivateAfter(passivateAfter);
        b.outcomes = outcomes;
        b.deduplicatesOutcomes = deduplicatesOutcomes;
        b.passivateWhen = passivateWhen;
        return b.build();
    }

    private static <M> Map<String, Class<? extends M>> discoverMessageTypes(String typeName, Class<M> root) {
        List<Class<?>> concrete = new ArrayList<>();
        collect(root, concrete);
        Map<String, Class<? extends M>> byName = new LinkedHashMap<>();
        for (Class<?> c : concrete) {
            Class<? extends M> previous = byName.put(c.getSimpleName(), c.asSubclass(root));
            if (previous != null) {
                throw new IllegalArgumentException("actor type '" + typeName + "' has two message types named '"
                        + c.getSimpleName() + "': " + previous.getName() + " and " + c.getName());
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("actor type '" + typeName + "': message type " + root.getName()
                    + " must be a record or a sealed type whose permitted subtypes are records");
        }
        return byName;
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                collect(sub, out);
            }
        } else if (c.isRecord() || (!c.isInterface() && !java.lang.reflect.Modifier.isAbstract(c.getModifiers()))) {
            out.add(c);
        }
    }

    /** Builder of {@link ActorType}. */
    public static final class Builder<S, M> {
        private final String name;
        private final Class<S> stateClass;
        private final Class<M> messageClass;
        private S initialState;
        private Handler<S, M> handler;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int snapshotEvery = 1000;
        private boolean retainJournal;
        private Duration passivateAfter;
        private Function<MessageOutcome, ? extends M> outcomes;
        private boolean deduplicatesOutcomes;
        private Predicate<? super S> passivateWhen;

        private Builder(String name, Class<S> stateClass, Class<M> messageClass) {
            ActorRef.of(name, "x");
            this.name = name;
            this.stateClass = Objects.requireNonNull(stateClass, "stateClass");
            this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
        }

        /** The state of an actor that has committed no turn (required; should be immutable). */
        public Builder<S, M> initialState(S state) {
            this.initialState = state;
            return this;
        }

        /** The behaviour run for each message (required). */
        public Builder<S, M> handler(Handler<S, M> h) {
            this.handler = h;
            return this;
        }

        /** The retry policy (default {@link RetryPolicy#DEFAULT}). */
        public Builder<S, M> retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /** Snapshot every {@code n} turns (0 disables; default 1000). */
        public Builder<S, M> snapshotEvery(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("snapshotEvery must be >= 0: " + n);
            }
            this.snapshotEvery = n;
            return this;
        }

        /** Keep the whole journal for audit; snapshots then never trim (default false). */
        public Builder<S, M> retainJournal(boolean retain) {
            this.retainJournal = retain;
            return this;
        }

        /** Idle time after which this type's actors are passivated ({@code null}: the runtime's setting). */
        public Builder<S, M> passivateAfter(Duration d) {
            this.passivateAfter = d;
            return this;
        }

        /**
         * Opts in to receiving, as an ordinary message, the {@link MessageOutcome outcome} of every message this
         * type's actors send with {@link ActorContext#send}: when the sent message commits, is acknowledged as a
         * duplicate, or is dead-lettered, the runtime enqueues {@code asMessage.apply(outcome)} for the sending
         * actor in the same store write (so an outcome is never lost nor sent for an unsettled message). Messages
         * sent from outside an actor ({@code Loom.send}) have no sending actor and produce no outcome.
         *
         * @param asMessage wraps an outcome into one of this type's message types (its result must be one)
         */
        public Builder<S, M> receivesOutcomes(Function<MessageOutcome, ? extends M> asMessage) {
            this.outcomes = Objects.requireNonNull(asMessage, "asMessage");
            return this;
        }

        /**
         * Declares that this type's handler ignores an outcome it has already applied (for example one for a task
         * it is no longer waiting for), so the runtime delivers its {@link #receivesOutcomes outcomes} without an
         * idempotency key: no idempotency record is read or written for them. An outcome message is still committed
         * at most once, as every message is (its turn commits with its acknowledgement); what the handler must
         * tolerate is a second outcome for the same sent message, which a redriven dead letter produces anyway.
         * Requires {@link #receivesOutcomes}.
         */
        public Builder<S, M> deduplicatesOutcomes() {
            this.deduplicatesOutcomes = true;
            return this;
        }

        /**
         * Passivates an actor as soon as a turn that leaves it in a state matching {@code done} has committed and no
         * message waits for it, instead of after its idle timeout ({@link #passivateAfter}): for actors whose work is
         * over (a finished workflow run) and that would otherwise hold memory, and add to every garbage collection,
         * for the idle timeout. Nothing durable changes: a later message activates the actor from the store as usual.
         *
         * @param done tested with the new state after each committed turn, on the turn's thread; it must not block
         */
        public Builder<S, M> passivateWhen(Predicate<? super S> done) {
            this.passivateWhen = Objects.requireNonNull(done, "done");
            return this;
        }

        /**
         * @throws NullPointerException     if the initial state or handler is missing
         * @throws IllegalArgumentException if the message type has no concrete record subtypes or two share a name,
         *                                  or the {@link #receivesOutcomes} wrapper yields no message of this type,
         *                                  or {@link #deduplicatesOutcomes} was set without it
         */
        public ActorType<S, M> build() {
            return new ActorType<>(this);
        }
    }
}
