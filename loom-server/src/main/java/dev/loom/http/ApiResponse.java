package dev.loom.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint answers.
 *
 * @param status      HTTP status
 * @param contentType the body's media type
 * @param body        the body (empty when {@code streamed} writes it)
 * @param headers     extra headers
 * @param streamed    writes a body too large to hold in memory, after the status and headers were sent; or
 *                    {@code null}
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                          StreamedBody streamed) {
    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";

    /** A body written straight to the connection. */
    @FunctionalInterface
    public interface StreamedBody {
        /**
         * Writes the body. A failure here cannot change the status any more: the connection is cut, so the
         * client sees an incomplete body.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public static ApiResponse json(int status, JsonNode body) {
        try {
            // straight to UTF-8 bytes, without a String in between: this runs for every JSON response
            return new ApiResponse(status, JSON, Json.mapper().writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot serialize the response body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A 200 whose body {@code writer} streams. */
    public static ApiResponse streamed(String contentType, StreamedBody writer) {
        return new ApiResponse(200, contentType, new byte[0], Map.of(), writer);
    }

    /**
     * A 200 Server-Sent Events stream ({@code text/event-stream}) that {@code writer} writes and flushes event by
     * event until it returns. It is not cached, and proxies are asked not to buffer it.
     */
    public static ApiResponse eventStream(StreamedBody writer) {
        return new ApiResponse(200, EVENT_STREAM, new byte[0], Map.of("Cache-Control", "no-store",
                "X-Accel-Buffering", "no"), writer);
    }

    /** Whether this is a Server-Sent Events stream, whose duration is its client's choice, not a latency. */
    public boolean isEventStream() {
        return streamed != null && EVENT_STREAM.equals(contentType);
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
        return new ApiResponse(status, contentType, body, Map.copyOf(h), streamed);
    }
}
