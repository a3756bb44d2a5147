package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.Timer;
import dev.loom.timer.TimerPump;
import dev.loom.trace.LoomSpans;
import dev.loom.trace.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * The runtime's spans (named and attributed as {@link LoomSpans} says), or nothing at all when the configured
 * {@link OpenTelemetry} has no tracer provider: then every method returns at its first line, so tracing that is off
 * costs a field read per call. Spans are parented through the {@code traceparent} messages carry, so a trace
 * continues across actors, nodes and restarts.
 */
final class Tracing implements TimerPump.FireTracing {
    private final Tracer tracer;
    private final boolean enabled;
    private final String nodeId;

    Tracing(OpenTelemetry otel, String nodeId) {
        this.enabled = otel.getTracerProvider() != TracerProvider.noop();
        this.tracer = otel.getTracer(LoomSpans.SCOPE);
        this.nodeId = nodeId;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Starts the span of a send to {@code target}, or answers the invalid span when tracing is off.
     *
     * @param parentTraceparent the trace to continue when no span of that trace is current; may be null
     * @param deliverAt         when a delayed send is due, or null
     */
    Span startSend(ActorRef target, String messageType, String messageId, String parentTraceparent, Instant deliverAt) {
        if (!enabled) {
            return Span.getInvalid();
        }
        var b = tracer.spanBuilder("send " + target.type()).setSpanKind(SpanKind.PRODUCER)
                .setParent(parent(parentTraceparent))
                .setAttribute(LoomSpans.ACTOR_TYPE, target.type())
                .setAttribute(LoomSpans.ACTOR_ID, target.id())
                .setAttribute(LoomSpans.MESSAGE_TYPE, messageType)
                .setAttribute(LoomSpans.MESSAGE_ID, messageId)
                .setAttribute(LoomSpans.NODE, nodeId);
        if (deliverAt != null) {
            b.setAttribute(LoomSpans.DELIVER_AT, deliverAt.toString());
        }
        return b.startSpan();
    }

    /**
     * The traceparent a message sent under {@code span} carries: the span itself, or (tracing off) a new span id
     * in the trace of {@code parentTraceparent}, as before spans existed.
     */
    static String messageTraceparent(Span span, String parentTraceparent) {
        SpanContext sc = span.getSpanContext();
        return sc.isValid() ? format(sc) : TraceContext.childOf(parentTraceparent);
    }

    /** Starts the span of one turn attempt on the message {@code env}, or the invalid span when tracing is off. */
    Span startTurn(ActorRef ref, Envelope env, int attempt) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("turn " + ref.type()).setSpanKind(SpanKind.CONSUMER)
                .setParent(remoteParent(env.traceparent()))
                .setAttribute(LoomSpans.ACTOR_TYPE, ref.type())
                .setAttribute(LoomSpans.ACTOR_ID, ref.id())
                .setAttribute(LoomSpans.MESSAGE_TYPE, env.messageType())
                .setAttribute(LoomSpans.MESSAGE_ID, env.messageId())
                .setAttribute(LoomSpans.ATTEMPT, (long) attempt)
                .setAttribute(LoomSpans.PARTITION, (long) env.partition())
                .setAttribute(LoomSpans.NODE, nodeId)
                .startSpan();
    }

    /** Starts the span of durable step {@code index} of the current turn, or the invalid span when tracing is off. */
    Span startStep(String name, int index, boolean replayed) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("step " + name).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(LoomSpans.STEP_NAME, name)
                .setAttribute(LoomSpans.STEP_INDEX, (long) index)
                .setAttribute(LoomSpans.STEP_REPLAYED, replayed)
                .startSpan();
    }

    /** Starts the span of firing {@code timer}, child of the send that scheduled it; invalid when tracing is off. */
    Span startTimer(Timer timer) {
        if (!enabled) {
            return Span.getInvalid();
        }
        Envelope env = timer.envelope();
        return tracer.spanBuilder("timer " + env.target().type()).setSpanKind(SpanKind.INTERNAL)
                .setParent(remoteParent(env.traceparent()))
                .setAttribute(LoomSpans.ACTOR_TYPE, env.target().type())
                .setAttribute(LoomSpans.ACTOR_ID, env.target().id())
                .setAttribute(LoomSpans.MESSAGE_TYPE, env.messageType())
                .setAttribute(LoomSpans.TIMER_ID, timer.timerId())
                .setAttribute(LoomSpans.DELIVER_AT, timer.deliverAt().toString())
                .setAttribute(LoomSpans.NODE, nodeId)
                .startSpan();
    }

    /** Marks {@code span} failed with {@code error} (a no-op on the invalid span). */
    static void fail(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.toString());
    }

    /** W3C traceparent of a valid span context. */
    @Override
    public Optional<Span> start(Timer timer) {
        return enabled ? Optional.of(startTimer(timer)) : Optional.empty();
    }

    @Override
    public String traceparent(Span span) {
        return format(span.getSpanContext());
    }

    static String format(SpanContext sc) {
        return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
    }

    /**
     * The parent of a send: the current span when it belongs to the trace {@code traceparent} names (or none is
     * named), so a send inside an HTTP request or a turn is that span's child; otherwise the named trace, so an
     * explicit traceparent of another trace is honoured; otherwise a new trace.
     */
    private static Context parent(String traceparent) {
        Context current = Context.current();
        SpanContext cur = Span.fromContext(current).getSpanContext();
        SpanContext remote = remote(traceparent);
        if (cur.isValid() && (remote == null || cur.getTraceId().equals(remote.getTraceId()))) {
            return current;
        }
        return remote == null ? Context.root() : Context.root().with(Span.wrap(remote));
    }

    /** The context whose parent is the span {@code traceparent} names, or the root context for none. */
    private static Context remoteParent(String traceparent) {
        SpanContext remote = remote(traceparent);
        return remote == null ? Context.root() : Context.root().with(Span.wrap(remote));
    }

    private static SpanContext remote(String traceparent) {
        if (!TraceContext.isValid(traceparent)) {
            return null;
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }
}
