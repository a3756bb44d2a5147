package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import java.util.List;
import java.util.Set;

/** Operator actions on one actor: snapshot now, trim the journal. */
public final class ActorAdminRoutes {
    private static final Operation SNAPSHOT = Operation.of("Snapshot the actor's state now")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .ok("The seq the snapshot was taken at", object().required("actor", string())
                    .required("seq", integer().put("minimum", 0)).build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation TRIM = Operation.of("Delete journal entries up to a seq not beyond the latest"
                    + " snapshot (409 beyond it)")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .jsonBody(object().required("upToSeq", integer().put("minimum", 0)).build())
            .ok("The seq the journal was trimmed to", object().required("actor", string())
                    .required("trimmedTo", integer().put("minimum", 0)).build())
            .errors(ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private ActorAdminRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        ActorAdminRoutes r = new ActorAdminRoutes(ctx);
        return List.of(
                Route.post("/api/admin/actors/{type}/{id}/snapshot", Access.ADMIN, SNAPSHOT, r::snapshot),
                Route.post("/api/admin/actors/{type}/{id}/trim", Access.ADMIN, TRIM, r::trim));
    }

    private ApiResponse snapshot(Call call) {
        ActorRef actor = call.actor();
        requireType(actor.type());
        long seq = ctx.loom().snapshot(actor);
        return ApiResponse.ok(F.objectNode().put("actor", actor.toString()).put("seq", seq));
    }

    private ApiResponse trim(Call call) {
        ActorRef actor = call.actor();
        ObjectNode body = call.bodyObject();
        OperationsRoutes.onlyFields(body, Set.of("upToSeq"));
        JsonNode up = body.path("upToSeq");
        if (!up.isIntegralNumber() || !up.canConvertToLong() || up.asLong() < 0) {
            throw ApiException.badField("bad_request", "upToSeq", "'upToSeq' must be a non-negative integer journal seq");
        }
        requireType(actor.type());
        ctx.loom().trim(actor, up.asLong());
        return ApiResponse.ok(F.objectNode().put("actor", actor.toString()).put("trimmedTo", up.asLong()));
    }

    private void requireType(String type) {
        if (ctx.loom().actorTypes().stream().noneMatch(t -> t.name().equals(type))) {
            throw new ApiException(404, "unknown_actor_type", "no actor type '" + type + "' is registered");
        }
    }
}
