package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.Access;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Route;
import dev.loom.server.LoomVersion;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenAPI 3.1 document, generated from the same routes the server dispatches: each route's
 * {@link Operation} gives its parameters, body and responses, and {@link Route#errors()} its error responses,
 * which share the {@code Error} schema. Servers are relative ({@code /}), so the document is true wherever the
 * server is reached.
 */
public final class OpenApiDocument {
    /** The OpenAPI version the document follows. */
    static final String VERSION = "3.1.0";
    private static final String SECURITY_SCHEME = "bearer";

    /** The tags, by the access of their routes. */
    private enum Tag {
        OPERATIONS("operations", "Probes, Prometheus metrics, breaker states and this document; no token needed"),
        ACTORS("actors", "The application API: send, ask, and read actors' state and journal (reader or writer"
                + " token)"),
        ADMIN("admin", "Operators' API: dead letters, queues, breakers, the actor cache, partitions, backups"
                + " (admin token)");

        private final String label;
        private final String description;

        Tag(String label, String description) {
            this.label = label;
            this.description = description;
        }

        static Tag of(Access access) {
            return switch (access) {
                case PUBLIC -> OPERATIONS;
                case READ, WRITE -> ACTORS;
                case ADMIN -> ADMIN;
            };
        }
    }

    private OpenApiDocument() {
    }

    /** The document of {@code routes}. */
    public static ObjectNode of(List<Route> routes) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", VERSION);
        doc.putObject("info").put("title", "Loom API").put("version", LoomVersion.get())
                .put("description", "Durable actor runtime: application, admin and operations API. Every error"
                        + " response has the `Error` body; a 500 is a bug.");
        doc.putArray("servers").addObject().put("url", "/").put("description", "The server this document came from");
        ArrayNode tags = doc.putArray("tags");
        for (Tag t : Tag.values()) {
            tags.addObject().put("name", t.label).put("description", t.description);
        }
        ObjectNode paths = doc.putObject("paths");
        Set<String> operationIds = new HashSet<>();
        Set<ErrorStatus> used = EnumSet.noneOf(ErrorStatus.class);
        for (Route r : routes) {
            ObjectNode path = paths.has(r.template().text()) ? (ObjectNode) paths.get(r.template().text())
                    : paths.putObject(r.template().text());
            String id = operationId(r);
            if (!operationIds.add(id)) {
                throw new IllegalStateException("two routes have the operationId " + id);
            }
            path.set(r.method().toLowerCase(Locale.ROOT), operation(r, id));
            used.addAll(r.errors());
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ApiSchemas.components().forEach((name, schema) -> schemas.set(name, schema.deepCopy()));
        ObjectNode responses = components.putObject("responses");
        for (ErrorStatus e : used) {
            ObjectNode resp = responses.putObject(e.component()).put("description", e.description());
            headers(resp, e.headers());
            resp.putObject("content").putObject("application/json").set("schema", ApiSchemas.ERROR.deepCopy());
        }
        components.putObject("securitySchemes").putObject(SECURITY_SCHEME).put("type", "http").put("scheme", "bearer")
                .put("description", "A configured token; its role (reader, writer, admin) and scope decide what it"
                        + " may call");
        return doc;
    }

    private static ObjectNode operation(Route r, String operationId) {
        Operation o = r.operation();
        ObjectNode op = F.objectNode();
        op.put("summary", o.summary());
        op.put("operationId", operationId);
        op.putArray("tags").add(Tag.of(r.access()).label);
        if (!o.parameters().isEmpty()) {
            ArrayNode params = op.putArray("parameters");
            for (Operation.Parameter p : o.parameters()) {
                ObjectNode n = params.addObject().put("name", p.name()).put("in", p.in().label())
                        .put("required", p.required()).put("description", p.description());
                n.set("schema", p.schema().deepCopy());
            }
        }
        if (r.access() == Access.PUBLIC) {
            op.putArray("security");
        } else {
            op.putArray("security").addObject().putArray(SECURITY_SCHEME);
            op.put("x-loom-role", r.access().requiredRole().orElseThrow().label());
        }
        o.requestBody().ifPresent(b -> op.putObject("requestBody").put("required", true)
                .putObject("content").putObject(b.mediaType()).set("schema", b.schema().deepCopy()));
        ObjectNode responses = op.putObject("responses");
        for (Operation.Response resp : o.responses()) {
            ObjectNode n = responses.putObject(Integer.toString(resp.status())).put("description", resp.description());
            headers(n, resp.headers());
            n.putObject("content").putObject(resp.mediaType()).set("schema", resp.schema().deepCopy());
        }
        for (ErrorStatus e : r.errors()) {
            responses.putObject(Integer.toString(e.status())).put("$ref", "#/components/responses/" + e.component());
        }
        return op;
    }

    private static void headers(ObjectNode response, List<Operation.ResponseHeader> headers) {
        if (headers.isEmpty()) {
            return;
        }
        ObjectNode h = response.putObject("headers");
        for (Operation.ResponseHeader header : headers) {
            h.putObject(header.name()).put("description", header.description()).put("required", header.required())
                    .set("schema", header.schema().deepCopy());
        }
    }

    /** {@code get}, {@code post} or {@code delete} followed by the path's words: {@code getApiAdminDeadLettersId}. */
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
