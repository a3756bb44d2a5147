package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.Route;
import java.util.List;
import java.util.Set;

/** Operator actions on one actor: snapshot now, trim the journal. */
public final class ActorAdminRoutes {
    private final ServerContext ctx;

    private ActorAdminRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        ActorAdminRoutes r = new ActorAdminRoutes(ctx);
        return List.of(
                Route.post("/api/admin/actors/{type}/{id}/snapshot", Access.ADMIN, "Snapshot the actor's state now",
                        r::snapshot),
                Route.post("/api/admin/actors/{type}/{id}/trim", Access.ADMIN,
                        "Delete journal entries up to a seq not beyond the latest snapshot ({\"upToSeq\"}; 409 beyond it)",
                        r::trim));
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
