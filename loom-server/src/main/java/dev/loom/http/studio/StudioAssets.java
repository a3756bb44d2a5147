package dev.loom.http.studio;

import static dev.loom.http.JsonSchema.string;

import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Studio's static files, served from {@code studio/} on the class path at {@code /studio}. They are routes of the
 * route table, so the dispatcher's framing, rate limits and metrics apply to them as to the API; they are not part
 * of the API, so they stay out of the OpenAPI document.
 *
 * <p>Only the files listed here are served (no path from the request ever reaches the class loader), and each
 * answer carries a strict Content-Security-Policy: scripts, styles and requests only from this origin, no inline
 * script or style, no frames, no forms posting anywhere. Studio sends its token in the {@code Authorization}
 * header and the server sets no cookie, so there is nothing for a cross-site request to ride on (no CSRF).
 */
public final class StudioAssets {
    /** The policy every Studio file is served with. */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
            "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'");
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "studio.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "studio.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    // Static files are not API operations: these operations only give the routes their shape (a route declares its
    // path parameters), and the document never sees them.
    private static final Operation PAGE = Operation.of("Studio, the web console")
            .response(new Operation.Response(200, "Studio's page", "text/html", string(), List.of())).build();
    private static final Operation FILE = Operation.of("A file of Studio")
            .param(Operation.Parameter.path("asset", "The file's name", string()))
            .response(new Operation.Response(200, "The file", "application/octet-stream", string(), List.of()))
            .errors(ErrorStatus.NOT_FOUND).build();

    private StudioAssets() {
    }

    /** The routes serving Studio: {@code /studio} and {@code /studio/} answer the page, {@code /studio/<file>} a file. */
    public static List<Route> routes() {
        Map<String, ApiResponse> files = new LinkedHashMap<>();
        FILES.forEach((name, type) -> files.put(name, response(name, type)));
        ApiResponse index = files.get("index.html");
        return List.of(
                Route.get("/studio", Access.PUBLIC, PAGE, call -> index),
                Route.get("/studio/", Access.PUBLIC, PAGE, call -> index),
                Route.get("/studio/{asset}", Access.PUBLIC, FILE, call -> {
                    ApiResponse r = files.get(call.param("asset"));
                    if (r == null) {
                        throw ApiException.notFound("Studio has no file '" + call.param("asset") + "'");
                    }
                    return r;
                }));
    }

    private static ApiResponse response(String name, String contentType) {
        try (InputStream in = StudioAssets.class.getResourceAsStream("/studio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Studio's file studio/" + name + " is missing from the class path");
            }
            return new ApiResponse(200, contentType, in.readAllBytes(), Map.of(
                    "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer",
                    "X-Frame-Options", "DENY",
                    // Revalidated on each load, so a new server version's files are used at once.
                    "Cache-Control", "no-cache"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading Studio's file studio/" + name, e);
        }
    }
}
