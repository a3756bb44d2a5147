package dev.loom.http;

/**
 * One route of the API: the single source for dispatching, authorization, metrics labels and the OpenAPI
 * document.
 *
 * @param method   HTTP method
 * @param template path template with {@code {name}} parameters
 * @param access   who may call it
 * @param summary  one line for the OpenAPI document
 * @param endpoint the handler
 * @param bodyType the media type of the request body the route reads: {@code application/json} (read within the
 *                 body limit), another type for a body the endpoint streams without that limit, or {@code null}
 *                 for none
 */
public record Route(String method, RouteTemplate template, Access access, String summary, Endpoint endpoint,
                    String bodyType) {
    public Route(String method, RouteTemplate template, Access access, String summary, Endpoint endpoint) {
        this(method, template, access, summary, endpoint, method.equals("POST") ? ApiResponse.JSON : null);
    }

    public static Route get(String template, Access access, String summary, Endpoint e) {
        return new Route("GET", RouteTemplate.parse(template), access, summary, e);
    }

    public static Route post(String template, Access access, String summary, Endpoint e) {
        return new Route("POST", RouteTemplate.parse(template), access, summary, e);
    }

    public static Route delete(String template, Access access, String summary, Endpoint e) {
        return new Route("DELETE", RouteTemplate.parse(template), access, summary, e);
    }

    /** A POST whose body of {@code bodyType} the endpoint streams itself (not bound by the JSON body limit). */
    public static Route postStream(String template, Access access, String summary, String bodyType, Endpoint e) {
        return new Route("POST", RouteTemplate.parse(template), access, summary, e, bodyType);
    }

    /** Whether the endpoint reads a streamed body itself instead of a size-limited JSON one. */
    public boolean streamsBody() {
        return bodyType != null && !bodyType.equals(ApiResponse.JSON);
    }

    /** {@code METHOD /template}, for logs and metrics. */
    public String label() {
        return method + " " + template.text();
    }
}
