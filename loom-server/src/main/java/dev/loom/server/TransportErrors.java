package dev.loom.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies for errors Helidon answers before routing (unparseable request line or headers, oversized
 * prologue): the same {@code {"error","message"}} shape as every other error.
 */
final class TransportErrors {
    private TransportErrors() {
    }

    static DirectHandlers jsonHandlers() {
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, TransportErrors::handle);
        }
        return b.build();
    }

    private static DirectHandler.TransportResponse handle(DirectHandler.TransportRequest request,
                                                          DirectHandler.EventType event, io.helidon.http.Status status,
                                                          io.helidon.http.ServerResponseHeaders headers, String message) {
        String code = switch (status.code()) {
            case 413 -> "payload_too_large";
            case 400, 431 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> status.code() >= 500 ? "internal" : "bad_request";
        };
        String text = Json.write(JsonNodeFactory.instance.objectNode().put("error", code)
                .put("message", "the request could not be parsed as HTTP: " + (message == null ? event.name() : message)));
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(text.getBytes(StandardCharsets.UTF_8))
                .keepAlive(false)
                .build();
    }
}
