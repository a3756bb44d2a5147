package dev.loom.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One kept trace with the spans a node recorded ({@code GET /api/admin/traces/{traceId}}), by start time.
 *
 * @param traceId the trace id
 * @param spans   its spans
 */
public record Trace(String traceId, List<Span> spans) {
    public Trace {
        spans = spans == null ? List.of() : List.copyOf(spans);
    }

    /**
     * @param spanId        the span id (16 hex digits)
     * @param parentSpanId  its parent's id, or {@code null} for a root
     * @param name          e.g. {@code turn account}, {@code send order}, {@code POST /api/actors/{type}/{id}/messages}
     * @param kind          INTERNAL, SERVER, CLIENT, PRODUCER or CONSUMER
     * @param start         when it started
     * @param end           when it ended
     * @param durationMs    end minus start
     * @param status        UNSET, OK or ERROR
     * @param statusMessage the error description, or {@code null}
     * @param attributes    e.g. {@code loom.actor.type}, {@code loom.turn.seq}, {@code loom.turn.outcome}
     */
    public record Span(String spanId, String parentSpanId, String name, String kind, Instant start, Instant end,
                       double durationMs, String status, String statusMessage, Map<String, Object> attributes) {
        public Span {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }
    }
}
