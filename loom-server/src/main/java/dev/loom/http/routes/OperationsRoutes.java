package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.bool;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.InvalidActorRefException;
import dev.loom.config.Durations;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Operation.Parameter;
import dev.loom.http.Route;
import dev.loom.metrics.SlowEndpointRecorder;
import dev.loom.runtime.CacheStats;
import dev.loom.server.LoomVersion;
import dev.loom.spi.Lease;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operator views and actions: queues, breakers, the actor cache, slow endpoints, partitions, node info. */
public final class OperationsRoutes {
    static final int MAX_WARM = 10_000;
    private static final ObjectNode COUNT = integer().put("minimum", 0);
    private static final Operation QUEUES = Operation.of("Depth, oldest message age and pending timers per queue")
            .ok("One entry per queue (actor type)", object().required("queues", arrayOf(object()
                    .required("queue", string())
                    .required("depth", COUNT.deepCopy().put("description", "Messages waiting, retries included"))
                    .required("oldestAgeSeconds", number().put("minimum", 0).put("description", "Age of the oldest"
                            + " waiting message; 0 when none waits"))
                    .required("timers", COUNT.deepCopy().put("description", "Timers not yet due"))
                    .build())).build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation RESET_BREAKER = Operation.of("Close a breaker and clear its window")
            .param(Parameter.path("name", "The breaker's name (GET /api/admin/circuit-breakers lists them)", string()))
            .ok("The breaker after the reset", object().required("name", string()).required("state", string()).build())
            .errors(ErrorStatus.NOT_FOUND)
            .build();
    private static final Operation CACHE_STATS = Operation.of("Statistics of the active-actor pool")
            .ok("The pool's statistics since start", object()
                    .required("size", COUNT.deepCopy().put("description", "Actors active now"))
                    .required("capacity", COUNT)
                    .required("hits", COUNT)
                    .required("misses", COUNT)
                    .required("hitRate", number().put("minimum", 0).put("maximum", 1))
                    .required("evictions", COUNT)
                    .required("activations", COUNT)
                    .build())
            .build();
    private static final Operation CACHE_CLEAR = Operation.of("Passivate idle actors matching a glob")
            .jsonBody(object().required("pattern", string().put("minLength", 1).put("maxLength", 300)
                    .put("description", "A glob over type/id such as `counter/*` (* any characters, ? one)")).build())
            .ok("How many actors were passivated", object().required("cleared", COUNT).build())
            .build();
    private static final Operation CACHE_WARM = Operation.of("Activate actors")
            .jsonBody(object().required("actors", arrayOf(string().put("description", "type/id"))
                    .put("maxItems", MAX_WARM)).build())
            .ok("How many actors were activated", object().required("warmed", COUNT).build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final ObjectNode MILLIS = number().put("minimum", 0);
    private static final Operation SLOW = Operation.of("Endpoints over the p95 or p99 latency threshold in a window")
            .query("window", "The window to look back over: a duration such as PT5S, 500ms, 5s, 2m, 1h or 1d, above 0"
                    + " and at most 1 day; default: the slowEndpoints.window setting", string())
            .ok("The slow endpoints", object()
                    .required("window", string().put("description", "ISO-8601 duration"))
                    .required("thresholds", object().required("p95Ms", COUNT).required("p99Ms", COUNT).build())
                    .required("endpoints", arrayOf(object()
                            .required("method", string())
                            .required("route", string())
                            .required("count", COUNT)
                            .required("p50Ms", MILLIS)
                            .required("p95Ms", MILLIS)
                            .required("p99Ms", MILLIS)
                            .required("maxMs", MILLIS)
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST)
            .build();
    private static final Operation PARTITIONS = Operation.of("Partition leases and lag")
            .ok("Every partition's lease as the store has it with its backlog, and this node's id", object()
                    .required("partitions", arrayOf(object()
                            .required("partition", COUNT)
                            .required("holder", string().put("description", "The holding node's id"))
                            .required("epoch", COUNT)
                            .required("expiresAt", timestamp())
                            .required("heldHere", bool())
                            .required("pending", COUNT.deepCopy().put("description", "Messages of the partition"
                                    + " queued, retries included (timers not yet due are not)"))
                            .required("oldestAgeSeconds", number().put("minimum", 0).put("description", "Age of the"
                                    + " oldest queued message; 0 when none is queued"))
                            .build()))
                    .required("node", string())
                    .build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation INFO = Operation.of("Version, node, store and effective configuration")
            .ok("About this node", object()
                    .required("version", string())
                    .required("node", string())
                    .required("store", string())
                    .required("env", string())
                    .required("config", object().open().build().put("description", "The effective configuration,"
                            + " secrets redacted"))
                    .build())
            .build();

    private final ServerContext ctx;

    private OperationsRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        OperationsRoutes r = new OperationsRoutes(ctx);
        return List.of(
                Route.get("/api/admin/queues", Access.ADMIN, QUEUES, r::queues),
                Route.get("/api/admin/circuit-breakers", Access.ADMIN, ProbeRoutes.BREAKERS,
                        call -> ApiResponse.ok(ProbeRoutes.breakers(ctx))),
                Route.post("/api/admin/circuit-breakers/{name}/reset", Access.ADMIN, RESET_BREAKER, r::resetBreaker),
                Route.get("/api/admin/cache/stats", Access.ADMIN, CACHE_STATS, r::cacheStats),
                Route.post("/api/admin/cache/clear", Access.ADMIN, CACHE_CLEAR, r::cacheClear),
                Route.post("/api/admin/cache/warm", Access.ADMIN, CACHE_WARM, r::cacheWarm),
                Route.get("/api/admin/performance/slow", Access.ADMIN, SLOW, r::slow),
                Route.get("/api/admin/partitions", Access.ADMIN, PARTITIONS, r::partitions),
                Route.get("/api/admin/info", Access.ADMIN, INFO, r::info));
    }

    private ApiResponse queues(Call call) {
        ObjectNode body = F.objectNode();
        ArrayNode arr = body.putArray("queues");
        Instant now = Instant.now();
        for (QueueStats q : ctx.loom().store().messages().stats()) {
            ObjectNode n = arr.addObject().put("queue", q.queue()).put("depth", q.depth());
            n.put("oldestAgeSeconds", ageSeconds(q.oldestEnqueued(), now));
            n.put("timers", q.timers());
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse resetBreaker(Call call) {
        String name = call.param("name");
        if (!ctx.loom().breakers().reset(name)) {
            throw ApiException.notFound("no circuit breaker named '" + name + "'; GET /api/admin/circuit-breakers lists them");
        }
        String state = ctx.loom().breakers().find(name).map(b -> b.state()).orElse("CLOSED");
        return ApiResponse.ok(F.objectNode().put("name", name).put("state", state));
    }

    private ApiResponse cacheStats(Call call) {
        CacheStats s = ctx.loom().cacheStats();
        return ApiResponse.ok(F.objectNode().put("size", s.size()).put("capacity", s.capacity()).put("hits", s.hits())
                .put("misses", s.misses()).put("hitRate", s.hitRate()).put("evictions", s.evictions())
                .put("activations", s.activations()));
    }

    private ApiResponse cacheClear(Call call) {
        ObjectNode body = call.bodyObject();
        onlyFields(body, Set.of("pattern"));
        JsonNode p = body.path("pattern");
        if (!p.isTextual() || p.asText().isEmpty() || p.asText().length() > 300) {
            throw ApiException.badField("bad_request", "pattern", "'pattern' must be a glob over type/id such as"
                    + " \"counter/*\" (* any characters, ? one)");
        }
        return ApiResponse.ok(F.objectNode().put("cleared", ctx.loom().clearCache(p.asText())));
    }

    private ApiResponse cacheWarm(Call call) {
        ObjectNode body = call.bodyObject();
        onlyFields(body, Set.of("actors"));
        JsonNode a = body.path("actors");
        if (!a.isArray() || a.size() > MAX_WARM) {
            throw ApiException.badField("bad_request", "actors", "'actors' must be an array of at most " + MAX_WARM
                    + " \"type/id\" strings");
        }
        List<ActorRef> refs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode n = a.get(i);
            try {
                if (!n.isTextual()) {
                    throw new InvalidActorRefException("expected a \"type/id\" string");
                }
                ActorRef ref = ActorRef.parse(n.asText());
                if (!call.caller().scope().permits(ref)) {
                    throw new ApiException(403, "forbidden", "actors[" + i + "] is outside the token's scope");
                }
                refs.add(ref);
            } catch (InvalidActorRefException e) {
                throw ApiException.badField("invalid_actor_ref", "actors[" + i + "]", "actors[" + i + "]: " + e.getMessage());
            }
        }
        return ApiResponse.ok(F.objectNode().put("warmed", ctx.loom().warm(refs)));
    }

    private ApiResponse slow(Call call) {
        Duration window = call.query("window").map(w -> Durations.parse(w)
                        .filter(d -> !d.isNegative() && !d.isZero() && d.compareTo(Duration.ofDays(1)) <= 0)
                        .orElseThrow(() -> ApiException.badField("bad_request", "window", "query parameter 'window' must be "
                                + Durations.expectedForm() + ", at most 1 day")))
                .orElse(ctx.config().slowEndpoints().defaultWindow());
        long p95 = ctx.config().slowEndpoints().p95Millis();
        long p99 = ctx.config().slowEndpoints().p99Millis();
        ObjectNode body = F.objectNode().put("window", window.toString());
        body.putObject("thresholds").put("p95Ms", p95).put("p99Ms", p99);
        ArrayNode arr = body.putArray("endpoints");
        for (SlowEndpointRecorder.Stats s : ctx.slow().slow(window, p95, p99)) {
            arr.addObject().put("method", s.endpoint().method()).put("route", s.endpoint().route()).put("count", s.count())
                    .put("p50Ms", s.p50Ms()).put("p95Ms", s.p95Ms()).put("p99Ms", s.p99Ms()).put("maxMs", s.maxMs());
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse partitions(Call call) {
        Set<Integer> held = ctx.loom().heldPartitions();
        ObjectNode body = F.objectNode();
        ArrayNode arr = body.putArray("partitions");
        List<Lease> leases = ctx.loom().leases();
        Map<Integer, PartitionBacklog> backlog = new HashMap<>();
        ctx.loom().store().messages().backlog(leases.stream().map(Lease::partition).toList())
                .forEach(b -> backlog.put(b.partition(), b));
        Instant now = Instant.now();
        for (Lease l : leases) {
            PartitionBacklog b = backlog.get(l.partition());
            arr.addObject().put("partition", l.partition()).put("holder", l.holder()).put("epoch", l.epoch())
                    .put("expiresAt", JsonViews.instant(l.expiresAt())).put("heldHere", held.contains(l.partition()))
                    .put("pending", b.pending()).put("oldestAgeSeconds", ageSeconds(b.oldestEnqueued(), now));
        }
        body.put("node", ctx.loom().nodeId());
        return ApiResponse.ok(body);
    }

    private ApiResponse info(Call call) {
        ObjectNode body = F.objectNode().put("version", LoomVersion.get()).put("node", ctx.loom().nodeId())
                .put("store", ctx.loom().store().name()).put("env", ctx.config().env().label());
        body.set("config", ctx.config().redacted());
        return ApiResponse.ok(body);
    }

    /** Seconds from {@code since} to {@code now}, never negative; 0 when {@code since} is null (nothing waits). */
    static double ageSeconds(Instant since, Instant now) {
        return since == null ? 0 : Math.max(0, Duration.between(since, now).toMillis() / 1000.0);
    }

    static void onlyFields(ObjectNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw ApiException.badField("bad_request", f, "unknown field '" + f + "'; expected " + allowed);
            }
        });
    }
}
