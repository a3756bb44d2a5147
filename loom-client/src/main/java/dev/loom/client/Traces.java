package dev.loom.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The recent traces a node keeps ({@code GET /api/admin/traces}), newest first.
 *
 * @param keeping   whether the node keeps recent traces at all ({@code tracing.keepRecent}); when false the list is empty
 * @param retention how long the node keeps a trace, or {@code null} when it keeps none
 * @param traces    the summaries
 */
public record Traces(boolean keeping, Duration retention, List<Summary> traces) {
    public Traces {
        traces = traces == null ? List.of() : List.copyOf(traces);
    }

    /**
     * @param traceId    the trace id (32 hex digits)
     * @param root       the name of the trace's first span on that node
     * @param start      when its first span started
     * @param end        when its last span ended
     * @param durationMs end minus start
     * @param spans      how many spans the node kept
     * @param actors     {@code type/id} of every actor with a turn in the trace
     * @param error      whether a span has error status (a failed attempt, a 5xx, a send of a failed turn)
     */
    public record Summary(String traceId, String root, Instant start, Instant end, double durationMs, int spans,
                          List<String> actors, boolean error) {
        public Summary {
            actors = actors == null ? List.of() : List.copyOf(actors);
        }
    }
}
