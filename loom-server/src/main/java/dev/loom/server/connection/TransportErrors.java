package dev.loom.server.connection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loom.json.Json;
import dev.loom.metrics.HttpMetrics;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers to requests Helidon refuses before routing (an unparseable request line or headers, a bad
 * {@code Host}, broken framing, an oversized prologue): a 4xx with the same {@code {"error","message"}} body as
 * every other error, {@code Connection: close}, and a count in the HTTP metrics under the route {@code unparsed}.
 *
 * <p>Every request that reaches Loom's routes is answered by the dispatcher, which catches everything; so what
 * reaches these handlers was refused while Helidon parsed the bytes the client sent. Helidon reports some of those
 * refusals as 500 (a method with a control character, headers cut off by a half-close), 501 (a transfer coding other
 * than chunked) or 505 (an HTTP/1.0 request line on a connection that began as HTTP/1.1). They are the client's
 * errors, so they are answered with 400; only 503 (the listener's own overload) stays a 5xx.
 */
public final class TransportErrors {
    private static final Logger LOG = LoggerFactory.getLogger(TransportErrors.class);
    static final String ROUTE_LABEL = "unparsed";

    private TransportErrors() {
    }

    /** Direct handlers for every Helidon event type, counting each refusal in {@code metrics}. */
    public static DirectHandlers jsonHandlers(HttpMetrics metrics) {
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, (request, event, status, headers, message) ->
                    answer(metrics, request, event, status, headers, message));
        }
        return b.build();
    }

    private static DirectHandler.TransportResponse answer(HttpMetrics metrics, DirectHandler.TransportRequest request,
                                                          DirectHandler.EventType event, Status status,
                                                          ServerResponseHeaders headers, String message) {
        Refusal refusal = refusal(event, status.code(), message);
        LOG.debug("refused a request before routing: {} {} -> {} ({})", event, status.code(), refusal.status(),
                refusal.message());
        metrics.record(request.method(), ROUTE_LABEL, refusal.status(), 0);
        return DirectHandler.TransportResponse.builder()
                .status(Status.create(refusal.status()))
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(refusal.body())
                .keepAlive(false)
                .build();
    }

    /** The status, error code and message a refusal is answered with. */
    record Refusal(int status, String code, String message) {
        /** The contract's error body. */
        byte[] body() {
            return Json.write(JsonNodeFactory.instance.objectNode().put("error", code).put("message", message))
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** The whole response, closing the connection, for connections Loom frames itself. */
        byte[] response() {
            byte[] body = body();
            String head = "HTTP/1.1 " + status + " " + Status.create(status).reasonPhrase() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }
    }

    static Refusal refusal(DirectHandler.EventType event, int helidonStatus, String helidonMessage) {
        String detail = helidonMessage == null || helidonMessage.isBlank() || helidonStatus >= 500
                || helidonMessage.startsWith("Bad request, see server log") ? "" : ": " + helidonMessage;
        return switch (helidonStatus) {
            case 413 -> new Refusal(413, "payload_too_large", "the request body is larger than this server accepts"
                    + detail);
            case 414 -> new Refusal(414, "uri_too_long", "the request line is longer than this server accepts" + detail);
            case 431 -> new Refusal(431, "headers_too_large", "the request headers are larger than this server accepts"
                    + detail);
            case 503 -> new Refusal(503, "unavailable", "the server is overloaded; retry later" + detail);
            case 505 -> new Refusal(400, "bad_request", "an HTTP/1.0 request on a connection that began with HTTP/1.1;"
                    + " send it on a new connection");
            case 501 -> new Refusal(400, "bad_request", "unsupported Transfer-Encoding: request bodies may only be"
                    + " sent with Content-Length or 'Transfer-Encoding: chunked'");
            default -> helidonStatus >= 500
                    ? new Refusal(400, "bad_request", "the request could not be parsed as HTTP/1.1 (malformed request"
                            + " line, headers or framing, or the connection ended mid-request)")
                    : new Refusal(helidonStatus, helidonStatus == 403 ? "forbidden" : "bad_request",
                            "the request could not be parsed as HTTP/1.1" + detail);
        };
    }
}
