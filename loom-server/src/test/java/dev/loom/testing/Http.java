package dev.loom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client over java.net.http for tests against a real server. */
public final class Http {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client;
    private final String base;

    /** A response: status, headers and body (parsed when it is JSON). */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (" + status + "): " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }
    }

    public Http(int port) {
        this("http://localhost:" + port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public Http(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response post(String path, String token, String json) {
        return send("POST", path, token, json, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(70));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
