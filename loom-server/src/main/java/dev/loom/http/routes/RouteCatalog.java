package dev.loom.http.routes;

import dev.loom.http.Access;
import dev.loom.http.ApiResponse;
import dev.loom.http.Route;
import dev.loom.http.RouteTable;
import java.util.ArrayList;
import java.util.List;

/** Every route of the server, in one table. */
public final class RouteCatalog {
    private RouteCatalog() {
    }

    public static RouteTable build(ServerContext ctx) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(ProbeRoutes.routes(ctx));
        routes.addAll(ActorRoutes.routes(ctx));
        routes.addAll(DeadLetterRoutes.routes(ctx));
        routes.addAll(OperationsRoutes.routes(ctx));
        routes.addAll(ActorAdminRoutes.routes(ctx));
        routes.addAll(BackupRoutes.routes(ctx));
        List<Route> documented = List.copyOf(routes);
        Route openApi = Route.get("/api/openapi.json", Access.PUBLIC, "This OpenAPI 3.1 document", call -> null);
        List<Route> all = new ArrayList<>(documented);
        all.add(openApi);
        var doc = OpenApiDocument.of(all);
        all.set(all.size() - 1, new Route(openApi.method(), openApi.template(), openApi.access(), openApi.summary(),
                call -> ApiResponse.ok(doc), openApi.bodyType()));
        return new RouteTable(all);
    }
}
