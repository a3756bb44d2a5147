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
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.JsonSchema;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.http.routes.ServerContext;
import java.util.List;
import java.util.Map;

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

    private StudioRoutes() {
    }

    /** The API routes; they are in the OpenAPI document like every other. */
    public static List<Route> api(ServerContext ctx) {
        MeterHistory history = MeterHistory.start(ctx);
        return List.of(
                Route.get("/api/metrics/history", Access.READ, HISTORY, call -> history(history, call)),
                Route.get("/api/token", Access.READ, TOKEN, StudioRoutes::token));
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
        for (MeterHistory.Sample s : history.after(after)) {
            ObjectNode n = samples.addObject();
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
        }
        return ApiResponse.ok(body);
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
