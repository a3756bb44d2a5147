package dev.loom.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One route of the API: the single source for dispatching, authorization, metrics labels and the OpenAPI
 * document.
 *
 * @param method    HTTP method
 * @param template  path template with {@code {name}} parameters
 * @param access    who may call it
 * @param operation its contract: parameters, body, responses, errors
 * @param endpoint  the handler. The route calls it with a {@link Call} that refuses (with an
 *                  {@link IllegalStateException}, a 500) to read a query parameter or header the operation does
 *                  not declare, so an endpoint cannot read a parameter the document leaves out.
 */
public record Route(String method, RouteTemplate template, Access access, Operation operation, Endpoint endpoint) {
    public Route {
        if (!method.equals("POST") && operation.requestBody().isPresent()) {
            throw new IllegalArgumentException(method + " " + template.text() + " cannot declare a request body");
        }
        if (!Set.copyOf(template.parameters()).equals(operation.parameterNames(Operation.Location.PATH))) {
            throw new IllegalArgumentException(method + " " + template.text() + " must declare exactly its path parameters "
                    + template.parameters() + ", declares " + operation.parameterNames(Operation.Location.PATH));
        }
        Endpoint raw = endpoint instanceof DeclaredOnly d ? d.inner() : endpoint;
        endpoint = new DeclaredOnly(raw, operation.parameterNames(Operation.Location.QUERY),
                operation.parameterNames(Operation.Location.HEADER).stream().map(h -> h.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    public static Route get(String template, Access access, Operation operation, Endpoint e) {
        return new Route("GET", RouteTemplate.parse(template), access, operation, e);
    }

    public static Route post(String template, Access access, Operation operation, Endpoint e) {
        return new Route("POST", RouteTemplate.parse(template), access, operation, e);
    }

    public static Route delete(String template, Access access, Operation operation, Endpoint e) {
        return new Route("DELETE", RouteTemplate.parse(template), access, operation, e);
    }

    public String summary() {
        return operation.summary();
    }

    /** Whether the endpoint reads a streamed body itself instead of a size-limited JSON one. */
    public boolean streamsBody() {
        return operation.requestBody().filter(b -> !b.mediaType().equals(ApiResponse.JSON)).isPresent();
    }

    /** Whether the route reads a JSON body within the body limit. */
    public boolean readsJsonBody() {
        return operation.requestBody().filter(b -> b.mediaType().equals(ApiResponse.JSON)).isPresent();
    }

    /** Whether requests count against the per-client rate limit: all but the probes, as {@link RequestGate} admits them. */
    public boolean rateLimited() {
        return !template.text().startsWith("/health");
    }

    /**
     * Every error status the route can answer: the operation's own, plus 401 for routes that need a token, 403
     * for those a token's role or scope can exclude it from, 429 for rate-limited routes, and 400 and 413 for
     * routes that read a JSON body.
     */
    public Set<ErrorStatus> errors() {
        EnumSet<ErrorStatus> all = EnumSet.noneOf(ErrorStatus.class);
        all.addAll(operation.errors());
        if (access != Access.PUBLIC) {
            all.add(ErrorStatus.UNAUTHORIZED);
        }
        // A token's role can be below the route's, unless the route admits the lowest role; its scope can
        // exclude the actor type the path names.
        if (access == Access.WRITE || access == Access.ADMIN || template.parameters().contains("type")) {
            all.add(ErrorStatus.FORBIDDEN);
        }
        if (rateLimited()) {
            all.add(ErrorStatus.RATE_LIMITED);
        }
        if (readsJsonBody()) {
            all.add(ErrorStatus.BAD_REQUEST);
            all.add(ErrorStatus.PAYLOAD_TOO_LARGE);
        }
        return all;
    }

    /** {@code METHOD /template}, for logs and metrics. */
    public String label() {
        return method + " " + template.text();
    }

    /** An endpoint that sees only the declared query parameters and headers. */
    private record DeclaredOnly(Endpoint inner, Set<String> query, Set<String> lowerCaseHeaders) implements Endpoint {
        @Override
        public ApiResponse handle(Call call) throws Exception {
            return inner.handle(call.declaring(query, lowerCaseHeaders));
        }
    }
}
