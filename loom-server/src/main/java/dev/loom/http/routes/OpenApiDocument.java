package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.Access;
import dev.loom.http.Route;
import dev.loom.server.LoomVersion;
import java.util.List;
import java.util.Locale;

/** The OpenAPI 3.1 document, generated from the same routes the server dispatches. */
public final class OpenApiDocument {
    private OpenApiDocument() {
    }

    public static ObjectNode of(List<Route> routes) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Loom API").put("version", LoomVersion.get())
                .put("description", "Durable actor runtime: application, admin and operations API.");
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.template().text()) ? (ObjectNode) paths.get(r.template().text())
                    : paths.putObject(r.template().text());
            path.set(r.method().toLowerCase(Locale.ROOT), operation(r));
        }
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode error = components.putObject("schemas").putObject("Error").put("type", "object");
        error.putArray("required").add("error").add("message");
        ObjectNode props = error.putObject("properties");
        props.putObject("error").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("field").put("type", "string");
        props.putObject("details");
        return doc;
    }

    private static ObjectNode operation(Route r) {
        ObjectNode op = F.objectNode();
        op.put("summary", r.summary());
        op.put("operationId", operationId(r));
        op.putArray("tags").add(tag(r));
        ArrayNode params = op.putArray("parameters");
        for (String p : r.template().parameters()) {
            params.addObject().put("name", p).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        if (r.access() == Access.PUBLIC) {
            op.putArray("security");
        } else {
            op.putArray("security").addObject().putArray("bearer");
            op.put("x-loom-role", r.access().requiredRole().orElseThrow().label());
        }
        if (r.streamsBody()) {
            op.putObject("requestBody").put("required", true)
                    .putObject("content").putObject(r.bodyType()).putObject("schema").put("type", "string");
        } else if (r.method().equals("POST")) {
            op.putObject("requestBody").put("required", !r.template().text().endsWith("/snapshot")
                            && !r.template().text().endsWith("/reset"))
                    .putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        }
        ObjectNode responses = op.putObject("responses");
        responses.putObject(r.template().text().endsWith("/messages") ? "202" : "200").put("description", "success");
        responses.putObject("default").put("description", "error")
                .putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/Error");
        return op;
    }

    private static String tag(Route r) {
        String t = r.template().text();
        if (t.startsWith("/api/admin")) {
            return "admin";
        }
        return t.startsWith("/api/") ? "actors" : "operations";
    }

    private static String operationId(Route r) {
        StringBuilder sb = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String s : r.template().segments()) {
            String clean = s.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", " ").trim();
            for (String w : clean.split(" ")) {
                if (!w.isEmpty()) {
                    sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
                }
            }
        }
        return sb.toString();
    }
}
