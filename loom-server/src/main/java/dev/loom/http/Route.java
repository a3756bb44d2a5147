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
 */
public record Route(String method, RouteTemplate template, Access access, String summary, Endpoint endpoint) {
    public static Route get(String template, Access access, String summary, Endpoint e) {
        return new Route("GET", RouteTemplate.parse(template), access, summary, e);
    }

    public static Route post(String template, Access access, String summary, Endpoint e) {
        return new Route("POST", RouteTemplate.parse(template), access, summary, e);
    }

    public static Route delete(String template, Access access, String summary, Endpoint e) {
        return new Route("DELETE", RouteTemplate.parse(template), access, summary, e);
    }

    /** {@code METHOD /template}, for logs and metrics. */
    public String label() {
        return method + " " + template.text();
    }
}
