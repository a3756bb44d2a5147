package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.Route;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import java.util.List;

/** Dead letters: list, inspect, redrive, purge. */
public final class DeadLetterRoutes {
    private final ServerContext ctx;

    private DeadLetterRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        DeadLetterRoutes r = new DeadLetterRoutes(ctx);
        return List.of(
                Route.get("/api/admin/dead-letters", Access.ADMIN,
                        "List dead letters (?queue=&actorId=&errorType=&after=&limit=50)", r::list),
                Route.get("/api/admin/dead-letters/{id}", Access.ADMIN, "One dead letter", r::get),
                Route.delete("/api/admin/dead-letters/{id}", Access.ADMIN, "Delete one dead letter", r::delete),
                Route.post("/api/admin/dead-letters/redrive", Access.ADMIN,
                        "Redrive dead letters by ids, filter or all (attempts reset)", r::redrive),
                Route.post("/api/admin/dead-letters/purge", Access.ADMIN, "Delete dead letters by ids, filter or all",
                        r::purge));
    }

    private DeadLetterQueue dlq() {
        return ctx.loom().deadLetters();
    }

    private ApiResponse list(Call call) {
        int limit = (int) call.longQuery("limit", 50, 1, 1000);
        DeadLetterQuery q = new DeadLetterQuery(nonEmpty(call, "queue"), nonEmpty(call, "actorId"),
                nonEmpty(call, "errorType"), nonEmpty(call, "after"), limit);
        List<DeadLetter> items = dlq().list(q);
        ObjectNode body = F.objectNode();
        ArrayNode arr = body.putArray("items");
        items.forEach(d -> arr.add(JsonViews.deadLetter(d)));
        if (items.size() == limit) {
            body.put("next", items.getLast().id());
        } else {
            body.putNull("next");
        }
        body.put("total", dlq().count(q));
        return ApiResponse.ok(body);
    }

    private static String nonEmpty(Call call, String name) {
        return call.query(name).filter(v -> !v.isEmpty()).orElse(null);
    }

    private ApiResponse get(Call call) {
        String id = call.param("id");
        return dlq().get(id).map(d -> ApiResponse.ok(JsonViews.deadLetter(d)))
                .orElseThrow(() -> ApiException.notFound("no dead letter with id '" + id + "'"));
    }

    private ApiResponse delete(Call call) {
        String id = call.param("id");
        if (dlq().purge(List.of(id)) == 0) {
            throw ApiException.notFound("no dead letter with id '" + id + "'");
        }
        return ApiResponse.ok(F.objectNode().put("purged", 1));
    }

    private ApiResponse redrive(Call call) {
        long n = switch (DeadLetterSelection.from(call.bodyObject())) {
            case DeadLetterSelection.Ids ids -> dlq().redrive(ids.ids()).size();
            case DeadLetterSelection.Matching m -> dlq().redriveMatching(m.query());
        };
        return ApiResponse.ok(F.objectNode().put("redriven", n));
    }

    private ApiResponse purge(Call call) {
        long n = switch (DeadLetterSelection.from(call.bodyObject())) {
            case DeadLetterSelection.Ids ids -> dlq().purge(ids.ids());
            case DeadLetterSelection.Matching m -> dlq().purgeMatching(m.query());
        };
        return ApiResponse.ok(F.objectNode().put("purged", n));
    }
}
