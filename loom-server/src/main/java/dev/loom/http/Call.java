package dev.loom.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.InvalidActorRefException;
import dev.loom.http.body.JsonBody;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request as endpoints see it: path parameters, query, headers, the body (read on demand, within the
 * size limit) and the caller.
 */
public final class Call {
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final Headers headers;
    private final JsonBody body;
    private final Caller caller;
    private final Set<String> declaredQuery;
    private final Set<String> declaredHeaders;

    /** Request headers by case-insensitive name. */
    @FunctionalInterface
    public interface Headers {
        Optional<String> first(String name);
    }

    /** A call that may read any query parameter and header. */
    public Call(Map<String, String> params, Map<String, String> query, Headers headers, JsonBody body, Caller caller) {
        this(params, query, headers, body, caller, null, null);
    }

    private Call(Map<String, String> params, Map<String, String> query, Headers headers, JsonBody body, Caller caller,
                 Set<String> declaredQuery, Set<String> declaredHeaders) {
        this.params = params;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.caller = caller;
        this.declaredQuery = declaredQuery;
        this.declaredHeaders = declaredHeaders;
    }

    /**
     * This call restricted to the query parameters and headers a route declares: reading any other is a bug
     * (the API document would not mention it) and throws {@link IllegalStateException}.
     *
     * @param queryNames       the declared query parameters
     * @param lowerCaseHeaders the declared headers, in lower case
     */
    public Call declaring(Set<String> queryNames, Set<String> lowerCaseHeaders) {
        return new Call(params, query, headers, body, caller, Set.copyOf(queryNames), Set.copyOf(lowerCaseHeaders));
    }

    /** A path parameter (always present for the matched route). */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /**
     * A query parameter.
     *
     * @throws IllegalStateException if the route does not declare {@code name}
     */
    public Optional<String> query(String name) {
        if (declaredQuery != null && !declaredQuery.contains(name)) {
            throw new IllegalStateException("the route reads query parameter '" + name + "' but does not declare it");
        }
        return Optional.ofNullable(query.get(name));
    }

    /**
     * A request header, by case-insensitive name.
     *
     * @throws IllegalStateException if the route does not declare {@code name}
     */
    public Optional<String> header(String name) {
        if (declaredHeaders != null && !declaredHeaders.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException("the route reads header '" + name + "' but does not declare it");
        }
        return headers.first(name);
    }

    public Caller caller() {
        return caller;
    }

    /** The body as a JSON object; 400 when missing, malformed or not an object; 413 beyond the limit. */
    public ObjectNode bodyObject() {
        JsonNode n = body.read();
        if (!n.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object, got " + JsonBody.kind(n));
        }
        return (ObjectNode) n;
    }

    /** The raw body as a stream, unbounded (only for routes that {@linkplain Route#streamsBody() stream} it). */
    public java.io.InputStream bodyStream() {
        return body.stream();
    }

    /** The actor named by the {@code type} and {@code id} path parameters; 400 when malformed. */
    public ActorRef actor() {
        try {
            return ActorRef.of(param("type"), param("id"));
        } catch (InvalidActorRefException e) {
            throw new ApiException(400, "invalid_actor_ref", e.getMessage());
        }
    }

    /** An integer query parameter within bounds, or the default when absent; 400 when invalid. */
    public long longQuery(String name, long def, long min, long max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            long n = Long.parseLong(v.get().trim());
            if (n < min || n > max) {
                throw ApiException.badField("bad_request", name, "query parameter '" + name + "' must be from " + min
                        + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badField("bad_request", name, "query parameter '" + name + "' must be an integer, got '"
                    + abbreviate(v.get()) + "'");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
