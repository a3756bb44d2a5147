package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.bool;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.config.Durations;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Operation.Parameter;
import dev.loom.http.Route;
import dev.loom.server.tracing.RecentTraces;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The recent traces this node keeps ({@code tracing.keepRecent}): list by actor, show one, clean up old ones.
 * Without keeping, the list is empty and says so, a trace is not found, and a cleanup removes nothing.
 */
final class TraceRoutes {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final ObjectNode COUNT = integer().put("minimum", 0);
    private static final ObjectNode KEEPING = bool().put("description", "Whether this node keeps recent traces"
            + " (tracing.keepRecent); when false nothing is kept and the lists are empty");

    private static final Operation LIST = Operation.of("Recent traces kept by this node, newest first")
            .query("actor", "Only traces with a span of this actor: `type` or `type/id`", string())
            .query("limit", "Most traces to return, 1 to 1000; default 20", integer())
            .ok("Trace summaries", object()
                    .required("keeping", KEEPING)
                    .required("retention", nullable(string().put("description", "ISO-8601 duration")))
                    .required("traces", arrayOf(object()
                            .required("traceId", string())
                            .required("root", string().put("description", "Name of the trace's first span here"))
                            .required("start", timestamp())
                            .required("end", timestamp())
                            .required("durationMs", number().put("minimum", 0))
                            .required("spans", COUNT)
                            .required("actors", arrayOf(string().put("description", "type/id of an actor with a turn")))
                            .required("error", bool())
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST)
            .build();
    private static final Operation SHOW = Operation.of("One kept trace with all the spans this node recorded")
            .param(Parameter.path("id", "The trace id: 32 lower-case hex digits", string()))
            .ok("The trace's spans by start time", object()
                    .required("traceId", string())
                    .required("spans", arrayOf(object()
                            .required("spanId", string())
                            .required("parentSpanId", nullable(string()))
                            .required("name", string())
                            .required("kind", oneOfStrings("INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"))
                            .required("start", timestamp())
                            .required("end", timestamp())
                            .required("durationMs", number().put("minimum", 0))
                            .required("status", oneOfStrings("UNSET", "OK", "ERROR"))
                            .required("statusMessage", nullable(string()))
                            .required("attributes", object().open().build())
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND)
            .build();
    private static final Operation CLEANUP = Operation.of("Remove kept traces older than a duration")
            .jsonBody(object().required("olderThan", string().put("description", "A duration such as PT24H, 7d or 90d:"
                    + " traces whose last span ended longer ago are removed")).build())
            .ok("What was removed", object()
                    .required("keeping", KEEPING)
                    .required("olderThan", string())
                    .required("removedTraces", COUNT)
                    .required("removedSpans", COUNT)
                    .build())
            .errors(ErrorStatus.BAD_REQUEST)
            .build();

    private final ServerContext ctx;

    private TraceRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    static List<Route> routes(ServerContext ctx) {
        TraceRoutes r = new TraceRoutes(ctx);
        return List.of(
                Route.get("/api/admin/traces", Access.ADMIN, LIST, r::list),
                Route.get("/api/admin/traces/{id}", Access.ADMIN, SHOW, r::show),
                Route.post("/api/admin/traces/cleanup", Access.ADMIN, CLEANUP, r::cleanup));
    }

    private ApiResponse list(Call call) {
        String actor = call.query("actor").filter(a -> !a.isBlank()).orElse(null);
        int limit = (int) call.longQuery("limit", 20, 1, 1000);
        ObjectNode body = F.objectNode().put("keeping", ctx.traces().isPresent());
        body.put("retention", ctx.traces().map(t -> t.retention().toString()).orElse(null));
        ArrayNode arr = body.putArray("traces");
        ctx.traces().ifPresent(t -> t.list(actor, limit).forEach(s -> {
            ObjectNode n = arr.addObject().put("traceId", s.traceId()).put("root", s.root())
                    .put("start", JsonViews.instant(s.start())).put("end", JsonViews.instant(s.end()))
                    .put("durationMs", millis(s.start(), s.end())).put("spans", s.spans());
            s.actors().forEach(n.putArray("actors")::add);
            n.put("error", s.error());
        }));
        return ApiResponse.ok(body);
    }

    private ApiResponse show(Call call) {
        String id = call.param("id");
        if (!TRACE_ID.matcher(id).matches()) {
            throw ApiException.badField("bad_request", "id", "a trace id is 32 lower-case hex digits, got '" + id + "'");
        }
        RecentTraces traces = ctx.traces().orElseThrow(() -> ApiException.notFound("trace " + id + " is not kept:"
                + " this node keeps no traces (set tracing.keepRecent: true, or look it up in your tracing backend)"));
        List<SpanData> spans = traces.trace(id).orElseThrow(() -> ApiException.notFound("trace " + id + " is not kept"
                + " by this node (never seen here, or older than " + traces.retention() + " and cleaned up)"));
        ObjectNode body = F.objectNode().put("traceId", id);
        ArrayNode arr = body.putArray("spans");
        for (SpanData s : spans) {
            Instant start = Instant.ofEpochSecond(0, s.getStartEpochNanos());
            Instant end = Instant.ofEpochSecond(0, s.getEndEpochNanos());
            ObjectNode n = arr.addObject().put("spanId", s.getSpanId())
                    .put("parentSpanId", s.getParentSpanContext().isValid() ? s.getParentSpanId() : null)
                    .put("name", s.getName()).put("kind", s.getKind().name())
                    .put("start", JsonViews.instant(start)).put("end", JsonViews.instant(end))
                    .put("durationMs", millis(start, end)).put("status", s.getStatus().getStatusCode().name())
                    .put("statusMessage", s.getStatus().getDescription().isEmpty() ? null : s.getStatus().getDescription());
            ObjectNode attrs = n.putObject("attributes");
            for (Map.Entry<AttributeKey<?>, Object> a : s.getAttributes().asMap().entrySet()) {
                attrs.set(a.getKey().getKey(), attribute(a.getValue()));
            }
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse cleanup(Call call) {
        JsonNode older = call.bodyObject().path("olderThan");
        Duration olderThan = (older.isTextual() ? Durations.parse(older.asText()) : java.util.Optional.<Duration>empty())
                .filter(d -> !d.isNegative())
                .orElseThrow(() -> ApiException.badField("bad_request", "olderThan", "olderThan must be "
                        + Durations.expectedForm()));
        RecentTraces.Removed removed = ctx.traces().map(t -> t.cleanup(olderThan)).orElse(new RecentTraces.Removed(0, 0));
        return ApiResponse.ok(F.objectNode().put("keeping", ctx.traces().isPresent())
                .put("olderThan", olderThan.toString())
                .put("removedTraces", removed.traces()).put("removedSpans", removed.spans()));
    }

    private static double millis(Instant start, Instant end) {
        return Math.max(0, Duration.between(start, end).toNanos() / 1_000_000.0);
    }

    private static JsonNode attribute(Object v) {
        return switch (v) {
            case Long l -> F.numberNode(l);
            case Double d -> F.numberNode(d);
            case Boolean b -> F.booleanNode(b);
            case List<?> list -> {
                ArrayNode a = F.arrayNode();
                list.forEach(e -> a.add(attribute(e)));
                yield a;
            }
            default -> F.textNode(String.valueOf(v));
        };
    }
}
