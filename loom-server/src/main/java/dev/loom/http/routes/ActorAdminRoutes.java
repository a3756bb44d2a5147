package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.spi.Timer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Operator views and actions on one actor: its pending timers, snapshot now, trim the journal. */
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

    private static final Operation TIMERS = Operation.of("The actor's pending timers and reminders, earliest first")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .ok("Timers not yet fired", object().required("actor", string())
                    .required("timers", arrayOf(object()
                            .required("timerId", integer())
                            .required("deliverAt", timestamp())
                            .required("message", ApiSchemas.ENVELOPE)
                            .required("reminder", nullable(object()
                                    .required("name", string())
                                    .required("interval", string().put("description", "ISO-8601 duration"))
                                    .required("missed", oneOfStrings(Arrays.stream(MissedFirePolicy.values())
                                            .map(Enum::name).toArray(String[]::new)))
                                    .build()).put("description", "The repeat rule; null for a one-shot timer"))
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private ActorAdminRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        ActorAdminRoutes r = new ActorAdminRoutes(ctx);
        return List.of(
                Route.post("/api/admin/actors/{type}/{id}/snapshot", Access.ADMIN, SNAPSHOT, r::snapshot),
                Route.post("/api/admin/actors/{type}/{id}/trim", Access.ADMIN, TRIM, r::trim),
                Route.get("/api/admin/actors/{type}/{id}/timers", Access.ADMIN, TIMERS, r::timers));
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

    private ApiResponse timers(Call call) {
        ActorRef actor = call.actor();
        requireType(actor.type());
        ObjectNode body = F.objectNode().put("actor", actor.toString());
        ArrayNode arr = body.putArray("timers");
        for (Timer t : ctx.loom().store().timers().forActor(actor)) {
            ObjectNode n = arr.addObject().put("timerId", t.timerId()).put("deliverAt", JsonViews.instant(t.deliverAt()));
            n.set("message", JsonViews.envelope(t.envelope()));
            if (t.reminder() == null) {
                n.putNull("reminder");
            } else {
                n.putObject("reminder").put("name", t.reminder().name()).put("interval", t.reminder().interval().toString())
                        .put("missed", t.reminder().missed().name());
            }
        }
        return ApiResponse.ok(body);
    }

    private void requireType(String type) {
        if (ctx.loom().actorTypes().stream().noneMatch(t -> t.name().equals(type))) {
            throw new ApiException(404, "unknown_actor_type", "no actor type '" + type + "' is registered");
        }
    }
}
