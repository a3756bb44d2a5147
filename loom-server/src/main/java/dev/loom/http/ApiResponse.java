package dev.loom.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint answers.
 *
 * @param status      HTTP status
 * @param contentType the body's media type
 * @param body        the body
 * @param headers     extra headers
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, Json.write(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(h));
    }
}
