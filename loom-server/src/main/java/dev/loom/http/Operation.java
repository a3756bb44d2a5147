package dev.loom.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a route's contract says beyond its method and path: the query parameters and headers it reads, its
 * request body, its responses and the errors it can answer. The OpenAPI document is generated from it, and
 * the endpoint sees only the parameters declared here (see {@link Route}), so the two cannot drift apart.
 *
 * @param summary     one line for the document
 * @param parameters  path and query parameters and request headers, in the order documented
 * @param requestBody the body the endpoint reads, if any
 * @param responses   the non-error responses (at least one)
 * @param errors      the error statuses the endpoint itself can answer; those every route of its kind can
 *                    answer (authentication, rate limit, body size) are added by {@link Route#errors()}
 */
public record Operation(String summary, List<Parameter> parameters, Optional<RequestBody> requestBody,
                        List<Response> responses, Set<ErrorStatus> errors) {
    public Operation {
        Objects.requireNonNull(summary, "summary");
        parameters = List.copyOf(parameters);
        responses = List.copyOf(responses);
        errors = errors.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(errors));
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("an operation needs at least one response: " + summary);
        }
    }

    /** Where a parameter is sent. */
    public enum Location {
        PATH("path"), QUERY("query"), HEADER("header");

        private final String label;

        Location(String label) {
            this.label = label;
        }

        /** The OpenAPI {@code in} value. */
        public String label() {
            return label;
        }
    }

    /**
     * A path parameter, query parameter or request header.
     *
     * @param in          where it is sent
     * @param name        its name (headers: case-insensitive)
     * @param required    whether requests must send it (path parameters always)
     * @param description what it means, its default when absent
     * @param schema      its JSON Schema, with the bounds the endpoint enforces
     */
    public record Parameter(Location in, String name, boolean required, String description, ObjectNode schema) {
        public static Parameter path(String name, String description, ObjectNode schema) {
            return new Parameter(Location.PATH, name, true, description, schema);
        }

        public static Parameter query(String name, String description, ObjectNode schema) {
            return new Parameter(Location.QUERY, name, false, description, schema);
        }

        public static Parameter header(String name, String description, ObjectNode schema) {
            return new Parameter(Location.HEADER, name, false, description, schema);
        }
    }

    /**
     * A request body.
     *
     * @param mediaType its media type; {@link ApiResponse#JSON} bodies are read within the body limit, others are
     *                  streamed by the endpoint
     * @param schema    its JSON Schema
     */
    public record RequestBody(String mediaType, ObjectNode schema) {
    }

    /**
     * A response header.
     *
     * @param name        the header's name
     * @param required    whether every response of its status carries it
     * @param description what it says
     * @param schema      its value's JSON Schema
     */
    public record ResponseHeader(String name, boolean required, String description, ObjectNode schema) {
    }

    /**
     * A non-error response.
     *
     * @param status      its HTTP status
     * @param description what it means
     * @param mediaType   its body's media type
     * @param schema      its body's JSON Schema
     * @param headers     headers it carries beyond the standard ones
     */
    public record Response(int status, String description, String mediaType, ObjectNode schema,
                           List<ResponseHeader> headers) {
        public Response {
            headers = List.copyOf(headers);
        }
    }

    /** Starts an operation described by {@code summary}. */
    public static Builder of(String summary) {
        return new Builder(summary);
    }

    /** The names of the declared parameters at {@code in}. */
    public Set<String> parameterNames(Location in) {
        return parameters.stream().filter(p -> p.in() == in).map(Parameter::name).collect(Collectors.toUnmodifiableSet());
    }

    /** Builds an {@link Operation}. */
    public static final class Builder {
        private final String summary;
        private final List<Parameter> parameters = new ArrayList<>();
        private RequestBody body;
        private final List<Response> responses = new ArrayList<>();
        private final Set<ErrorStatus> errors = EnumSet.noneOf(ErrorStatus.class);

        private Builder(String summary) {
            this.summary = summary;
        }

        public Builder param(Parameter p) {
            if (parameters.stream().anyMatch(q -> q.in() == p.in() && q.name().equalsIgnoreCase(p.name()))) {
                throw new IllegalArgumentException("parameter " + p.name() + " declared twice");
            }
            parameters.add(p);
            return this;
        }

        /** An optional query parameter. */
        public Builder query(String name, String description, ObjectNode schema) {
            return param(Parameter.query(name, description, schema));
        }

        /** A JSON request body, required. */
        public Builder jsonBody(ObjectNode schema) {
            return body(ApiResponse.JSON, schema);
        }

        /** A request body of {@code mediaType}, required. */
        public Builder body(String mediaType, ObjectNode schema) {
            this.body = new RequestBody(mediaType, schema);
            return this;
        }

        /** A JSON 200 response. */
        public Builder ok(String description, ObjectNode schema) {
            return response(200, description, schema);
        }

        /** A JSON response. */
        public Builder response(int status, String description, ObjectNode schema) {
            return response(new Response(status, description, ApiResponse.JSON, schema, List.of()));
        }

        public Builder response(Response r) {
            if (responses.stream().anyMatch(x -> x.status() == r.status())) {
                throw new IllegalArgumentException("response " + r.status() + " declared twice");
            }
            responses.add(r);
            return this;
        }

        public Builder errors(ErrorStatus... e) {
            errors.addAll(List.of(e));
            return this;
        }

        public Operation build() {
            return new Operation(summary, parameters, Optional.ofNullable(body), responses, errors);
        }
    }
}
