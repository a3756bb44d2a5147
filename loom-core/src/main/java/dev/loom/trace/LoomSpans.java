package dev.loom.trace;

/**
 * The names and attributes of the spans the runtime records, a contract for tracing backends, dashboards and the
 * server's trace inspection. Every span of one message's causal chain has the same trace id:
 * <ul>
 * <li>{@code send <target type>} (kind {@code PRODUCER}): a message is sent, by a client or by a turn. A client's
 *     send ends when the message is stored; a turn's send ends when the turn's commit settled (error status: the
 *     turn failed, so the message was never sent). The message carries this span as its {@code traceparent}.</li>
 * <li>{@code timer <target type>} ({@code INTERNAL}): a due timer fires; child of the send that scheduled it, and
 *     parent of the turn that handles the fired message.</li>
 * <li>{@code turn <actor type>} ({@code CONSUMER}): one attempt at handling a message, child of the message's
 *     send (or timer). Its outcome attribute says how the attempt ended. The journal entry of a committed turn
 *     stores this span as its {@code traceparent}.</li>
 * <li>{@code step <name>} ({@code INTERNAL}): a durable step of a turn ({@code ctx.run}), child of the turn;
 *     a step answered from its recorded result has {@link #STEP_REPLAYED} true.</li>
 * </ul>
 */
public final class LoomSpans {
    /** Instrumentation scope name of the runtime's tracer. */
    public static final String SCOPE = "dev.loom.runtime";

    /** Actor type of the span's actor: the target of a send, the handler of a turn. */
    public static final String ACTOR_TYPE = "loom.actor.type";
    /** Actor id of the span's actor. */
    public static final String ACTOR_ID = "loom.actor.id";
    /** Message type name. */
    public static final String MESSAGE_TYPE = "loom.message.type";
    /** Message id. */
    public static final String MESSAGE_ID = "loom.message.id";
    /** Journal sequence number the turn commits (or would have committed). */
    public static final String SEQ = "loom.turn.seq";
    /** Attempt number of a turn, from 1. */
    public static final String ATTEMPT = "loom.turn.attempt";
    /**
     * How a turn attempt ended: {@code committed}, {@code deduplicated}, {@code retried}, {@code dead_lettered},
     * {@code fenced} (the partition was taken over), {@code rejected} (the store refused the commit),
     * {@code store_failed} (re-run after a backoff) or {@code stopped} (the node stopped before the turn ended).
     */
    public static final String OUTCOME = "loom.turn.outcome";
    /** Id of the node that recorded the span. */
    public static final String NODE = "loom.node";
    /** Partition of the span's actor. */
    public static final String PARTITION = "loom.partition";
    /** A send whose idempotency key was already known, so nothing new was stored. */
    public static final String DEDUPLICATED = "loom.send.deduplicated";
    /** When a delayed send or a timer is due (ISO-8601). */
    public static final String DELIVER_AT = "loom.send.deliver_at";
    /** Name of a durable step. */
    public static final String STEP_NAME = "loom.step.name";
    /** Index of a durable step within its turn, from 0. */
    public static final String STEP_INDEX = "loom.step.index";
    /** Whether a durable step returned its recorded result instead of running. */
    public static final String STEP_REPLAYED = "loom.step.replayed";
    /** Id of a fired timer. */
    public static final String TIMER_ID = "loom.timer.id";

    private LoomSpans() {
    }
}
