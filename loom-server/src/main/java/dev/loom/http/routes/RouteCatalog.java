package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.Access;
import dev.loom.http.ApiResponse;
import dev.loom.http.Endpoint;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.http.RouteTable;
import dev.loom.http.studio.StudioAssets;
import dev.loom.http.studio.StudioRoutes;
import java.util.ArrayList;
import java.util.List;

/** Every route of the server, in one table. */
public final class RouteCatalog {
    private static final Operation OPEN_API = Operation.of("This OpenAPI 3.1 document")
            .ok("The document", object()
                    .required("openapi", string().put("const", OpenApiDocument.VERSION)).open().build())
            .build();

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
        routes.addAll(TraceRoutes.routes(ctx));
        routes.addAll(PipelineRoutes.routes(ctx));
        routes.addAll(StudioRoutes.api(ctx));
        // The document describes its own route too; only the endpoint serving it needs the finished document.
        List<Route> described = new ArrayList<>(routes);
        described.add(openApi(call -> {
            throw new IllegalStateException("the OpenAPI route is described, not served, here");
        }));
        ObjectNode doc = OpenApiDocument.of(described);
        routes.add(openApi(call -> ApiResponse.ok(doc)));
        // Studio's static files are routed like the API but are not part of it, so the document leaves them out.
        routes.addAll(StudioAssets.routes());
        return new RouteTable(routes);
    }

    private static Route openApi(Endpoint e) {
        return Route.get("/api/openapi.json", Access.PUBLIC, OPEN_API, e);
    }
}
