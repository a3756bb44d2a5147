package dev.loom.http.studio;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.config.TokenScope;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.JsonSchema;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.http.auth.BearerChallenge;
import dev.loom.http.routes.ServerContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The API routes Studio needs beyond the rest of the API, public like every other route (the CLI can use them
 * too): the meters' recent history for the overview's charts, and what the caller's token may do, so the pages
 * show only the actions the server would accept.
 */
public final class StudioRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * The runbook's alert thresholds (docs/RUNBOOK.md §3.2) that the overview draws on its charts; each is
     * {@code {warn, critical}} where the runbook names them. {@code StudioThresholdsTest} checks these against
     * the runbook's table.
     */
    static final Map<String, double[]> THRESHOLDS = Map.of(
            "deadLetters", new double[] {100},
            "queueDepth", new double[] {1000},
            "queueOldestAgeSeconds", new double[] {300},
            "turnP95Seconds", new double[] {2, 5},
            "openBreakers", new double[] {0});

    private static final ObjectNode RATE = number().put("minimum", 0);
    private static final ObjectNode SAMPLE = object()
            .required("seq", integer().put("minimum", 1))
            .required("at", timestamp())
            .required("messagesPerSecond", withProperties(MeterHistory.OUTCOMES, RATE,
                    "Messages per second over the interval before the sample: accepted (sends), and delivered by outcome"))
            .required("turnSeconds", object()
                    .optional("p50", number().put("minimum", 0))
                    .optional("p95", number().put("minimum", 0))
                    .optional("p99", number().put("minimum", 0))
                    .build().put("description", "Quantiles of the interval's committed turns; empty when none ran"))
            .required("queueDepth", number().put("minimum", 0))
            .required("queueOldestAgeSeconds", number().put("minimum", 0))
            .required("deadLetters", nullable(number().put("minimum", 0)).put("description",
                    "Dead letters; null when the store did not answer"))
            .required("openBreakers", integer().put("minimum", 0))
            .required("partitionsHeld", nullable(number().put("minimum", 0)))
            .required("partitionsTotal", nullable(number().put("minimum", 0)))
            .required("activeActors", nullable(number().put("minimum", 0)))
            .build();
    private static final Operation HISTORY = Operation.of("The node's meters over the last 15 minutes, sampled every"
                    + " 2 seconds (Studio's overview charts)")
            .query("after", "Only the samples whose seq is above this one (the last seq a client already has); default"
                    + " 0: all", integer().put("minimum", 0))
            .ok("Samples, oldest first, and the runbook's alert thresholds", object()
                    .required("intervalSeconds", integer().put("minimum", 1))
                    .required("windowSeconds", integer().put("minimum", 1))
                    .required("thresholds", withProperties(THRESHOLDS.keySet().stream().sorted().toList(),
                            arrayOf(number()), "Alert thresholds of the alert rules (deploy/prometheus/loom-alerts.yml):"
                                    + " [warning] or [warning, critical]"))
                    .required("samples", arrayOf(SAMPLE))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST)
            .build();
    private static final Operation TOKEN = Operation.of("What the caller's token may do: its role and scope")
            .ok("The token's role and scope (never the token itself)", object()
                    .required("role", oneOfStrings("reader", "writer", "admin"))
                    .required("scope", object()
                            .required("actorTypes", nullable(arrayOf(string())).put("description",
                                    "The actor types it may touch; null: any"))
                            .required("idPrefix", nullable(string()).put("description",
                                    "The id prefix it is limited to; null: any"))
                            .build())
                    .build())
            .build();

    private static final Operation TICKET = Operation.of("A single-use ticket that opens one event stream (an"
                    + " EventSource cannot send the Authorization header)")
            .ok("The ticket; it expires after " + StreamTickets.TTL.toSeconds() + " seconds or at its first use",
                    object()
                            .required("ticket", string().put("description", "Pass it as the stream's `ticket`"
                                    + " query parameter"))
                            .required("expiresAt", timestamp())
                            .build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation STREAM = Operation.of("Server-Sent Events: each meter sample as it is taken"
                    + " (`event: sample`, `id:` its seq, `data:` the sample as in GET /api/metrics/history); ends with"
                    + " `event: end` after " + MetricsStream.MAX_DURATION.toMinutes() + " minutes or when the server"
                    + " drains")
            .query("ticket", "A ticket from POST /api/events/tickets (single use); a bearer token is not accepted"
                    + " here, so none appears in a URL", string())
            .query("after", "Send the retained samples after this seq first (the last one a client has); default:"
                    + " from the latest sample", integer().put("minimum", 0))
            .response(new Operation.Response(200, "The event stream", ApiResponse.EVENT_STREAM, string(), List.of()))
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.UNAUTHORIZED, ErrorStatus.UNAVAILABLE)
            .build();

    /** Streams open at most per node, so that open tabs cannot use up the listener's connections. */
    static final int MAX_STREAMS = 64;

    private StudioRoutes() {
    }

    /** The API routes; they are in the OpenAPI document like every other. */
    public static List<Route> api(ServerContext ctx) {
        MeterHistory history = MeterHistory.start(ctx);
        StreamTickets tickets = new StreamTickets(Clock.systemUTC());
        Semaphore streams = new Semaphore(MAX_STREAMS);
        return List.of(
                Route.get("/api/metrics/history", Access.READ, HISTORY, call -> history(history, call)),
                Route.get("/api/token", Access.READ, TOKEN, StudioRoutes::token),
                Route.post("/api/events/tickets", Access.READ, TICKET, call -> ticket(tickets, call)),
                Route.get("/api/events/stream", Access.PUBLIC, STREAM,
                        call -> stream(history, tickets, streams, ctx, call)));
    }

    private static ApiResponse ticket(StreamTickets tickets, Call call) {
        StreamTickets.Ticket t;
        try {
            t = tickets.issue(call.caller());
        } catch (IllegalStateException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        return ApiResponse.ok(F.objectNode().put("ticket", t.text()).put("expiresAt", t.expiresAt().toString()));
    }

    private static ApiResponse stream(MeterHistory history, StreamTickets tickets, Semaphore streams,
                                      ServerContext ctx, Call call) {
        long after = call.longQuery("after", Math.max(0, history.latestSeq() - 1), 0, Long.MAX_VALUE);
        String ticket = call.query("ticket").orElseThrow(() -> BearerChallenge.invalidToken(
                "the stream needs a 'ticket' query parameter from POST /api/events/tickets"));
        tickets.redeem(ticket).orElseThrow(() -> BearerChallenge.invalidToken(
                "the ticket is unknown, expired or already used; get a new one from POST /api/events/tickets"));
        if (!streams.tryAcquire()) {
            throw ApiException.unavailable(MAX_STREAMS + " event streams are open on this node; poll GET"
                    + " /api/metrics/history instead, or retry later");
        }
        MetricsStream stream = new MetricsStream(history, ctx.lifecycle(), StudioRoutes::sampleJson, after);
        return ApiResponse.eventStream(out -> {
            try {
                stream.writeTo(out);
            } finally {
                streams.release();
            }
        });
    }

    private static ApiResponse history(MeterHistory history, Call call) {
        long after = call.longQuery("after", 0, 0, Long.MAX_VALUE);
        ObjectNode body = F.objectNode();
        body.put("intervalSeconds", MeterHistory.INTERVAL.toSeconds());
        body.put("windowSeconds", MeterHistory.WINDOW.toSeconds());
        ObjectNode thresholds = body.putObject("thresholds");
        THRESHOLDS.forEach((name, values) -> {
            ArrayNode a = thresholds.putArray(name);
            for (double v : values) {
                a.add(v);
            }
        });
        ArrayNode samples = body.putArray("samples");
        history.after(after).forEach(s -> samples.add(sampleJson(s)));
        return ApiResponse.ok(body);
    }

    /** A sample as the history and the event stream send it. */
    static ObjectNode sampleJson(MeterHistory.Sample s) {
        ObjectNode n = F.objectNode();
        n.put("seq", s.seq());
        n.put("at", s.at().toString());
        ObjectNode rates = n.putObject("messagesPerSecond");
        s.messagesPerSecond().forEach(rates::put);
        ObjectNode turns = n.putObject("turnSeconds");
        s.turnSeconds().forEach(turns::put);
        n.put("queueDepth", s.queueDepth());
        n.put("queueOldestAgeSeconds", s.queueOldestAgeSeconds());
        putNullable(n, "deadLetters", s.deadLetters());
        n.put("openBreakers", s.openBreakers());
        putNullable(n, "partitionsHeld", s.partitionsHeld());
        putNullable(n, "partitionsTotal", s.partitionsTotal());
        putNullable(n, "activeActors", s.activeActors());
        return n;
    }

    private static ApiResponse token(Call call) {
        ObjectNode body = F.objectNode();
        body.put("role", call.caller().role().label());
        ObjectNode scope = body.putObject("scope");
        TokenScope s = call.caller().scope();
        if (s.actorTypes().isEmpty()) {
            scope.putNull("actorTypes");
        } else {
            ArrayNode types = scope.putArray("actorTypes");
            s.actorTypes().stream().sorted().forEach(types::add);
        }
        scope.put("idPrefix", s.idPrefix().orElse(null));
        return ApiResponse.ok(body);
    }

    /** A gauge the node could not read is NaN; JSON has no NaN, so it is null. */
    private static void putNullable(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, v);
        } else {
            n.putNull(name);
        }
    }

    private static ObjectNode withProperties(List<String> names, ObjectNode schema, String description) {
        JsonSchema.ObjectBuilder b = object();
        names.forEach(name -> b.required(name, schema.deepCopy()));
        return b.build().put("description", description);
    }
}
