package dev.loom.runtime;

import dev.loom.trace.LoomSpans;
import dev.loom.trace.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * One turn attempt as tracing and logging see it: the {@code turn} span (invalid when tracing is off), the
 * traceparent the turn runs under (the span, or the message's own traceparent when tracing is off), the MDC keys
 * {@code trace_id} and {@code span_id} for the attempt's log lines, and the spans of the sends the turn buffers,
 * which end when the turn's outcome is known. Used by the actor's turn thread only.
 */
final class TurnSpan {
    /** MDC key of the trace id (32 hex digits) in log lines written during a turn or an HTTP request. */
    static final String MDC_TRACE_ID = "trace_id";
    /** MDC key of the span id (16 hex digits). */
    static final String MDC_SPAN_ID = "span_id";

    /** How a turn attempt ended; {@link LoomSpans#OUTCOME} holds the label. */
    enum Outcome {
        COMMITTED("committed"), DEDUPLICATED("deduplicated"), RETRIED("retried"), DEAD_LETTERED("dead_lettered"),
        FENCED("fenced"), REJECTED("rejected"), STORE_FAILED("store_failed"), STOPPED("stopped"),
        /** A step's circuit breaker was open: the message waits without using an attempt. */
        POSTPONED("postponed");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    private final Span span;
    private final String traceparent;
    private List<Span> sends = List.of();
    private Outcome outcome = Outcome.STOPPED;
    private Throwable error;

    TurnSpan(Span span, String messageTraceparent) {
        this.span = span;
        SpanContext sc = span.getSpanContext();
        this.traceparent = sc.isValid() ? Tracing.format(sc)
                : TraceContext.isValid(messageTraceparent) ? messageTraceparent : TraceContext.childOf(null);
        MDC.put(MDC_TRACE_ID, traceparent.substring(3, 35));
        MDC.put(MDC_SPAN_ID, traceparent.substring(36, 52));
    }

    /** The traceparent the turn runs under: {@code ctx.traceparent()}, the journal entry's and its sends' parent. */
    String traceparent() {
        return traceparent;
    }

    /** Makes the turn span current (so spans started by the handler are its children) until the scope closes. */
    Scope makeCurrent() {
        return span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
    }

    void seq(long seq) {
        span.setAttribute(LoomSpans.SEQ, seq);
    }

    /** A send buffered by the turn, ended with the turn. */
    void send(Span send) {
        if (!send.getSpanContext().isValid()) {
            return;
        }
        if (sends.isEmpty()) {
            sends = new ArrayList<>(2);
        }
        sends.add(send);
    }

    void outcome(Outcome o) {
        outcome = o;
    }

    /** The attempt ended as {@code o} because of {@code cause} (the span gets error status). */
    void outcome(Outcome o, Throwable cause) {
        outcome = o;
        error = cause;
    }

    /** Ends the sends (sent only if the turn committed), the turn span, and clears the MDC keys. */
    void end() {
        try {
            for (Span s : sends) {
                if (outcome != Outcome.COMMITTED) {
                    s.setStatus(StatusCode.ERROR, "not sent: the turn ended " + outcome.label);
                }
                s.end();
            }
            if (span.getSpanContext().isValid()) {
                span.setAttribute(LoomSpans.OUTCOME, outcome.label);
                if (error != null) {
                    Tracing.fail(span, error);
                } else if (outcome == Outcome.FENCED || outcome == Outcome.REJECTED || outcome == Outcome.STOPPED) {
                    span.setStatus(StatusCode.ERROR, "turn ended " + outcome.label);
                }
                span.end();
            }
        } finally {
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_SPAN_ID);
        }
    }
}
