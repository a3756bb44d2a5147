package dev.loom.http;

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
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * The server span of each HTTP request ({@code <METHOD> <route template>}, kind {@code SERVER}, with
 * {@code http.request.method}, {@code http.route}, {@code url.path} and {@code http.response.status_code}),
 * continuing the request's {@code traceparent} header and current while the endpoint runs, so a message the
 * request sends is the span's child. The request's log lines carry {@code trace_id} and {@code span_id} in the MDC:
 * the span's, or with tracing off the {@code traceparent} header's.
 */
public final class HttpTracing {
    private final Tracer tracer;
    private final boolean enabled;

    public HttpTracing(OpenTelemetry otel) {
        this.enabled = otel.getTracerProvider() != TracerProvider.noop();
        this.tracer = otel.getTracer("dev.loom.http");
    }

    /** One request's span and MDC entries, ended by {@link #end}. */
    public static final class RequestSpan {
        private final Span span;
        private final Scope scope;

        private RequestSpan(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Records the response status; 5xx marks the span failed. */
        void status(int status) {
            span.setAttribute("http.response.status_code", (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR, "HTTP " + status);
            }
        }

        void failed(Throwable t) {
            span.recordException(t);
            span.setStatus(StatusCode.ERROR, t.toString());
        }

        void end() {
            try {
                scope.close();
                span.end();
            } finally {
                MDC.remove("trace_id");
                MDC.remove("span_id");
            }
        }
    }

    RequestSpan start(String method, String route, String path, String traceparent) {
        String header = traceparent == null ? null : traceparent.trim();
        boolean validHeader = TraceContext.isValid(header);
        if (!enabled) {
            if (validHeader) {
                MDC.put("trace_id", header.substring(3, 35));
                MDC.put("span_id", header.substring(36, 52));
            }
            return new RequestSpan(Span.getInvalid(), Scope.noop());
        }
        Context parent = validHeader ? Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
                header.substring(3, 35), header.substring(36, 52), TraceFlags.fromHex(header, 53),
                TraceState.getDefault()))) : Context.root();
        Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute("http.request.method", method)
                .setAttribute("http.route", route)
                .setAttribute("url.path", path)
                .startSpan();
        MDC.put("trace_id", span.getSpanContext().getTraceId());
        MDC.put("span_id", span.getSpanContext().getSpanId());
        return new RequestSpan(span, span.makeCurrent());
    }
}
