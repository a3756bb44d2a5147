package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.health.HealthChecker;
import dev.loom.http.Access;
import dev.loom.http.ApiResponse;
import dev.loom.http.Route;
import java.util.List;

/** Health probes, Prometheus metrics and the breakers' view: no token needed. */
public final class ProbeRoutes {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private ProbeRoutes() {
    }

    public static List<Route> routes(ServerContext ctx) {
        return List.of(
                Route.get("/health", Access.PUBLIC, "Health with store, partition and breaker checks (503 when unhealthy)",
                        call -> {
                            HealthChecker.Report r = ctx.health().health();
                            return ApiResponse.json(r.ok() ? 200 : 503, r.body());
                        }),
                Route.get("/health/live", Access.PUBLIC, "Liveness: the process answers (no dependency checks)",
                        call -> ApiResponse.ok(F.objectNode().put("status", "alive"))),
                Route.get("/health/ready", Access.PUBLIC,
                        "Readiness: 503 while starting, draining, store unreachable or no partitions held",
                        call -> {
                            HealthChecker.Readiness r = ctx.health().readiness();
                            ObjectNode body = F.objectNode().put("status", r.ready() ? "ready" : "not_ready");
                            r.reason().ifPresent(reason -> body.put("reason", reason));
                            return ApiResponse.json(r.ready() ? 200 : 503, body);
                        }),
                Route.get("/metrics", Access.PUBLIC, "Prometheus metrics (text format 0.0.4)", call -> {
                    ctx.queues().refresh();
                    return ApiResponse.text(200, PROMETHEUS_TEXT, ctx.metrics().scrape());
                }),
                Route.get("/metrics/circuit-breakers", Access.PUBLIC, "Circuit breakers and their states",
                        call -> ApiResponse.ok(breakers(ctx))));
    }

    static ObjectNode breakers(ServerContext ctx) {
        ObjectNode body = F.objectNode();
        var arr = body.putArray("breakers");
        ctx.loom().breakers().list().forEach(b -> arr.add(JsonViews.breaker(b)));
        return body;
    }
}
