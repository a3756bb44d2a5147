package dev.loom.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loom.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A client of the Loom HTTP API (see the HTTP contract): JSON in and out, bearer-token authentication.
 *
 * <p>Every call either returns the parsed 2xx body or throws: {@link ApiException} when the server answered
 * with an error status (carrying the server's code and message), {@link ServerUnreachableException} when
 * there was no answer. The token is sent only in the {@code Authorization} header and never appears in a
 * message.
 */
public final class LoomClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param base  the server's base URL, e.g. {@code http://localhost:3000}
     * @param token a bearer token, or empty to send none (only probes, /metrics and /api/openapi.json answer then)
     */
    public LoomClient(URI base, Optional<String> token) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = token.filter(t -> !t.isBlank()).orElse(null);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The server's base URL. */
    public URI base() {
        return base;
    }

    /** The base URL as the user would write it (no trailing slash). */
    public String display() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** GET {@code path} with {@code query} parameters (null values are left out). */
    public JsonNode get(String path, Map<String, ?> query) {
        return expectOk(exchange("GET", path, query, null, Map.of(), DEFAULT_REQUEST_TIMEOUT));
    }

    /** GET {@code path}. */
    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** POST {@code body} as JSON to {@code path}. */
    public JsonNode post(String path, JsonNode body) {
        return post(path, Map.of(), body, Map.of(), DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * POST with query parameters, extra headers (null values are left out) and a request timeout.
     */
    public JsonNode post(String path, Map<String, ?> query, JsonNode body, Map<String, String> headers,
                         Duration timeout) {
        return expectOk(exchange("POST", path, query, body, headers, timeout));
    }

    /** DELETE {@code path}. */
    public JsonNode delete(String path) {
        return expectOk(exchange("DELETE", path, Map.of(), null, Map.of(), DEFAULT_REQUEST_TIMEOUT));
    }

    /**
     * GET {@code path} and return its body as a stream (for large downloads; the caller closes it).
     *
     * @throws ApiException               if the server answered with an error status
     * @throws ServerUnreachableException if no answer came
     */
    public InputStream download(String path, Duration timeout) {
        HttpResponse<InputStream> response = sendRaw(request(path, Map.of(), Map.of(), timeout).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        try (InputStream in = response.body()) {
            expectOk(new HttpResult(response.statusCode(), parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            throw new IllegalStateException("unreachable: an error status was accepted");
        } catch (IOException e) {
            throw new ServerUnreachableException(unreachable(e), e);
        }
    }

    /**
     * POST a streamed body of {@code contentType} to {@code path} and return the parsed 2xx answer.
     *
     * @param body opens the body; called once per attempt
     * @throws ApiException               if the server answered with an error status
     * @throws ServerUnreachableException if no answer came
     */
    public JsonNode upload(String path, String contentType, Supplier<InputStream> body, Duration timeout) {
        HttpRequest.Builder request = request(path, Map.of(), Map.of("Content-Type", contentType), timeout)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body));
        HttpResponse<String> response = sendRaw(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return expectOk(new HttpResult(response.statusCode(), parse(response.body())));
    }

    private HttpRequest.Builder request(String path, Map<String, ?> query, Map<String, String> headers,
                                        Duration timeout) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(relative + queryString(query)))
                .timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    private <T> HttpResponse<T> sendRaw(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting for " + base, e);
        } catch (IOException e) {
            throw new ServerUnreachableException(unreachable(e), e);
        }
    }

    /**
     * Sends a request and returns the answer whatever its status.
     *
     * @throws ServerUnreachableException if no answer came
     */
    public HttpResult exchange(String method, String path, Map<String, ?> query, JsonNode body,
                               Map<String, String> headers, Duration timeout) {
        // Relative resolution keeps a base path such as http://host/loom/ (behind a proxy) in front of the route.
        String relative = path.startsWith("/") ? path.substring(1) : path;
        URI uri = base.resolve(relative + queryString(query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting for " + base, e);
        } catch (IOException e) {
            throw new ServerUnreachableException(unreachable(e), e);
        }
        return new HttpResult(response.statusCode(), parse(response.body()));
    }

    /** Encodes one path segment (an actor type or id, a dead letter id, a breaker name). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode expectOk(HttpResult result) {
        if (result.ok()) {
            return result.body();
        }
        JsonNode body = result.body();
        if (body.isObject() && body.hasNonNull("error")) {
            throw new ApiException(result.status(), body.get("error").asText(),
                    body.path("message").asText("(no message)"),
                    body.hasNonNull("field") ? body.get("field").asText() : null);
        }
        String text = body.isMissingNode() ? "(empty body)" : abbreviate(body.isTextual() ? body.asText() : body.toString());
        throw new ApiException(result.status(), "http_error",
                "not a Loom error body; is " + display() + " a Loom server? Body: " + text, null);
    }

    private String unreachable(IOException e) {
        String why = switch (e) {
            case HttpConnectTimeoutException t -> "connection timed out";
            case HttpTimeoutException t -> "no answer within the request timeout";
            case ConnectException c when c.getCause() instanceof UnresolvedAddressException -> "unknown host";
            case ConnectException c -> "connection refused";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return "cannot reach the Loom server at " + display() + " ("+ why + "). Is it running? "
                + "Start one with `loom server`, or point --url / LOOM_URL at it.";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }

    private static String queryString(Map<String, ?> query) {
        Map<String, Object> present = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return present.entrySet().stream()
                .map(e -> segment(e.getKey()) + "=" + segment(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String abbreviate(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
