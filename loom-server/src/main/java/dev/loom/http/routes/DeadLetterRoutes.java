package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Operation.Parameter;
import dev.loom.http.Route;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import java.util.List;

/** Dead letters: list, inspect, redrive, purge. */
public final class DeadLetterRoutes {
    private static final Parameter ID = Parameter.path("id", "The dead letter's id", string());
    private static final Operation LIST = Operation.of("List dead letters, oldest first, optionally filtered")
            .query("queue", "Only those from this queue (actor type); empty means any", string())
            .query("actorId", "Only those for this actor id; empty means any", string())
            .query("errorType", "Only those whose last error is of this exception class; empty means any", string())
            .query("sender", "Only those whose message's sender is exactly this (`type/id` of an actor, or a label such"
                    + " as `loom.pipeline/<runId>`); empty means any", string())
            .query("failedAfter", "Only those whose last failure is at or after this ISO-8601 instant (e.g."
                    + " 2030-01-01T00:00:00Z); empty means no lower bound", string().put("format", "date-time"))
            .query("failedBefore", "Only those whose last failure is before this ISO-8601 instant (exclusive); empty"
                    + " means no upper bound", string().put("format", "date-time"))
            .query("after", "List after this dead-letter id (the previous page's `next`); empty means from the"
                    + " start", string())
            .query("limit", "At most this many; default 50", integer().put("minimum", 1).put("maximum", 1000))
            .ok("A page of dead letters", object()
                    .required("items", arrayOf(ApiSchemas.DEAD_LETTER))
                    .required("next", nullable(string()).put("description", "The `after` of the next page; null on"
                            + " the last"))
                    .required("total", integer().put("minimum", 0).put("description", "How many match the filter"))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation GET = Operation.of("One dead letter")
            .param(ID)
            .ok("The dead letter", ApiSchemas.DEAD_LETTER)
            .errors(ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation DELETE = Operation.of("Delete one dead letter")
            .param(ID)
            .ok("Deleted", object().required("purged", integer().put("const", 1)).build())
            .errors(ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation REDRIVE = Operation.of("Redrive dead letters by ids, filter or all (attempts reset)")
            .jsonBody(ApiSchemas.DEAD_LETTER_SELECTION)
            .ok("How many were returned to their queues", object()
                    .required("redriven", integer().put("minimum", 0)).build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation PURGE = Operation.of("Delete dead letters by ids, filter or all")
            .jsonBody(ApiSchemas.DEAD_LETTER_SELECTION)
            .ok("How many were deleted", object().required("purged", integer().put("minimum", 0)).build())
            .errors(ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private DeadLetterRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        DeadLetterRoutes r = new DeadLetterRoutes(ctx);
        return List.of(
                Route.get("/api/admin/dead-letters", Access.ADMIN, LIST, r::list),
                Route.get("/api/admin/dead-letters/{id}", Access.ADMIN, GET, r::get),
                Route.delete("/api/admin/dead-letters/{id}", Access.ADMIN, DELETE, r::delete),
                Route.post("/api/admin/dead-letters/redrive", Access.ADMIN, REDRIVE, r::redrive),
                Route.post("/api/admin/dead-letters/purge", Access.ADMIN, PURGE, r::purge));
    }

    private DeadLetterQueue dlq() {
        return ctx.loom().deadLetters();
    }

    private ApiResponse list(Call call) {
        int limit = (int) call.longQuery("limit", 50, 1, 1000);
        DeadLetterQuery q = DeadLetterSelection.query(nonEmpty(call, "queue"), nonEmpty(call, "actorId"),
                nonEmpty(call, "errorType"), nonEmpty(call, "sender"), nonEmpty(call, "failedAfter"),
                nonEmpty(call, "failedBefore"), nonEmpty(call, "after"), limit);
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
