package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.health.HealthChecker;
import dev.loom.http.Access;
import dev.loom.http.ApiResponse;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import java.util.List;

/** Health probes, Prometheus metrics and the breakers' view: no token needed. */
public final class ProbeRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectNode CHECK_STATUS = oneOfStrings("up", "down");
    private static final ObjectNode HEALTH_BODY = object()
            .required("status", oneOfStrings("healthy", "degraded", "unhealthy"))
            .required("timestamp", timestamp())
            .required("uptime", integer().put("minimum", 0).put("description", "Seconds since the server started"))
            .required("version", string())
            .required("checks", object()
                    .required("store", object().required("status", CHECK_STATUS)
                            .required("latencyMs", number().put("minimum", 0))
                            .optional("message", string().put("description", "Why the store is down")).build())
                    .required("partitions", object().required("status", CHECK_STATUS)
                            .required("held", integer().put("minimum", 0)).required("total", integer().put("minimum", 1))
                            .build())
                    .required("breakers", object().required("status", oneOfStrings("up", "degraded"))
                            .required("open", arrayOf(string()).put("description", "Names of the open breakers")).build())
                    .required("lifecycle", object().required("status", oneOfStrings("up", "draining"))
                            .required("phase", string()).build())
                    .build())
            .build();
    private static final ObjectNode READINESS_BODY = object()
            .required("status", oneOfStrings("ready", "not_ready"))
            .optional("reason", string().put("description", "Why not ready: starting, draining, store unreachable or"
                    + " no partitions held"))
            .build();

    private static final Operation HEALTH = Operation.of("Health with store, partition and breaker checks")
            .ok("Healthy or degraded (a breaker open, no partitions, draining): the node serves what it can", HEALTH_BODY)
            .response(503, "Unhealthy: the store is unreachable", HEALTH_BODY)
            .build();
    private static final Operation LIVE = Operation.of("Liveness: the process answers (no dependency checks)")
            .ok("Alive", object().required("status", oneOfStrings("alive")).build())
            .build();
    private static final Operation READY = Operation.of(
                    "Readiness: 503 while starting, draining, store unreachable or no partitions held")
            .ok("Ready to take traffic", READINESS_BODY)
            .response(503, "Not ready; `reason` says why", READINESS_BODY)
            .build();
    private static final Operation METRICS = Operation.of("Prometheus metrics (text format 0.0.4)")
            .response(new Operation.Response(200, "The metrics", PROMETHEUS_TEXT, string(), List.of()))
            .build();
    static final Operation BREAKERS = Operation.of("Circuit breakers and their states")
            .ok("Every breaker of this node", ApiSchemas.BREAKERS)
            .build();

    private ProbeRoutes() {
    }

    public static List<Route> routes(ServerContext ctx) {
        return List.of(
                Route.get("/health", Access.PUBLIC, HEALTH, call -> {
                    HealthChecker.Report r = ctx.health().health();
                    return ApiResponse.json(r.ok() ? 200 : 503, r.body());
                }),
                Route.get("/health/live", Access.PUBLIC, LIVE,
                        call -> ApiResponse.ok(F.objectNode().put("status", "alive"))),
                Route.get("/health/ready", Access.PUBLIC, READY, call -> {
                    HealthChecker.Readiness r = ctx.health().readiness();
                    ObjectNode body = F.objectNode().put("status", r.ready() ? "ready" : "not_ready");
                    r.reason().ifPresent(reason -> body.put("reason", reason));
                    return ApiResponse.json(r.ready() ? 200 : 503, body);
                }),
                Route.get("/metrics", Access.PUBLIC, METRICS, call -> {
                    ctx.queues().refresh();
                    return ApiResponse.text(200, PROMETHEUS_TEXT, ctx.metrics().scrape());
                }),
                Route.get("/metrics/circuit-breakers", Access.PUBLIC, BREAKERS,
                        call -> ApiResponse.ok(breakers(ctx))));
    }

    static ObjectNode breakers(ServerContext ctx) {
        ObjectNode body = F.objectNode();
        var arr = body.putArray("breakers");
        ctx.loom().breakers().list().forEach(b -> arr.add(JsonViews.breaker(b)));
        return body;
    }
}
