package dev.loom.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.body.JsonBody;
import dev.loom.metrics.HttpMetrics;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Helidon handler: resolves the route in the {@link RouteTable}, admits the request through the
 * {@link RequestGate}, runs the endpoint, maps errors to the contract's JSON bodies, and records metrics.
 * Every response, including 404 and 405, has a JSON body.
 *
 * <p>It also keeps request framing intact on persistent connections ({@link RequestEntity}): a response is sent with
 * {@code Connection: close}, and the connection is really closed after it, when the client asked for that or when
 * the request's body cannot be read to its end. Helidon 4.5 neither closes a connection whose response says
 * {@code Connection: close} nor discards the unread body of such a request, so without this an unread body would be
 * parsed as the next request on the connection (request smuggling).
 */
public final class Dispatcher implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** How much of an unread body is read and discarded after a closing response, so the client gets to read it. */
    static final long LINGER_BYTES = 8L * 1024 * 1024;
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private final RouteTable routes;
    private final RequestGate gate;
    private final long bodyLimit;
    private final HttpMetrics metrics;
    private final HttpTracing tracing;

    /**
     * @param tracing the request spans (and the MDC trace ids of the request's log lines)
     */
    public Dispatcher(RouteTable routes, RequestGate gate, long bodyLimit, HttpMetrics metrics, HttpTracing tracing) {
        this.routes = routes;
        this.gate = gate;
        this.bodyLimit = bodyLimit;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String method = req.prologue().method().text();
        String path = req.path().path();
        RouteTable.Resolution resolution = routes.resolve(method, path);
        String routeLabel = switch (resolution) {
            case RouteTable.Matched m -> m.route().template().text();
            default -> "unmatched";
        };
        HttpTracing.RequestSpan span = tracing.start(method, routeLabel, path,
                req.headers().first(TRACEPARENT).orElse(null));
        try {
            handle(req, res, start, method, path, resolution, routeLabel, span);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void handle(ServerRequest req, ServerResponse res, long start, String method, String path,
                        RouteTable.Resolution resolution, String routeLabel, HttpTracing.RequestSpan span) {
        RequestEntity entity = new RequestEntity(req);
        ApiResponse response;
        try {
            response = switch (resolution) {
                case RouteTable.Matched m -> run(m, req, entity);
                case RouteTable.WrongMethod w -> throw unrouted(req, new ApiException(405, "method_not_allowed", method + " is not allowed on "
                        + path + "; allowed: " + String.join(", ", w.allowed())));
                case RouteTable.NoRoute n -> throw unrouted(req, ApiException.notFound("no route " + method + " " + path
                        + "; GET /api/openapi.json lists the API"));
            };
        } catch (Throwable t) {
            response = errorResponse(t, method, routeLabel);
            if (resolution instanceof RouteTable.WrongMethod w) {
                response = response.withHeader("Allow", String.join(", ", w.allowed()));
            }
        }
        boolean reusable = entity.connectionReusable(bodyLimit);
        if (!reusable) {
            response = response.withHeader("Connection", "close");
        }
        span.status(response.status());
        if (response.isEventStream()) {
            // A stream lasts as long as its client listens: its latency is the time to open it, or every open
            // stream would show as a slow endpoint.
            metrics.record(method, routeLabel, response.status(), System.nanoTime() - start);
            write(res, response);
        } else {
            write(res, response);
            metrics.record(method, routeLabel, response.status(), System.nanoTime() - start);
        }
        if (!reusable) {
            entity.discardBeforeClose(LINGER_BYTES);
            throw new CloseConnectionException("closing after the response: the client asked for it, or the request"
                    + " body could not be read to its end");
        }
    }

    private ApiResponse run(RouteTable.Matched m, ServerRequest req, RequestEntity entity) throws Exception {
        Caller caller = gate.admit(m.route(), m.params(), clientAddress(req.remotePeer().address()),
                req.headers().first(HeaderNames.AUTHORIZATION));
        JsonBody body = new JsonBody(entity::stream, entity.declaredLength(), bodyLimit);
        if (!m.route().streamsBody()) {
            body.checkDeclaredLength();
        }
        Call call = new Call(m.params(), query(req), name -> req.headers().first(HeaderNames.create(name)), body, caller);
        return m.route().endpoint().handle(call);
    }

    /** The error for a request that matched no route, unless its client is over the rate limit (then 429). */
    private ApiException unrouted(ServerRequest req, ApiException error) {
        gate.admitUnrouted(clientAddress(req.remotePeer().address()));
        return error;
    }

    /** The first value of each query parameter (through {@code all}: {@code first} goes through Helidon's mappers). */
    private static Map<String, String> query(ServerRequest req) {
        UriQuery query = req.query();
        if (query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> q = new LinkedHashMap<>();
        for (String name : query.names()) {
            List<String> values = query.all(name);
            if (!values.isEmpty()) {
                q.put(name, values.getFirst());
            }
        }
        return q;
    }

    private static String clientAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    private static ApiResponse errorResponse(Throwable t, String method, String route) {
        ApiException e = ErrorMapper.map(t).orElseGet(() -> {
            String incident = UUID.randomUUID().toString();
            LOG.error("internal error on {} {} (incident {})", method, route, incident, t);
            return new ApiException(500, "internal", "internal error (incident " + incident
                    + "); this is a bug, the server log has the details");
        });
        if (e.status() >= 500 && e.status() != 500) {
            LOG.warn("{} {} answered {} {}: {}", method, route, e.status(), e.code(), e.getMessage());
        }
        ApiResponse r = ApiResponse.json(e.status(), body(e));
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        return r;
    }

    /** The contract's error body. */
    public static ObjectNode body(ApiException e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("error", e.code());
        n.put("message", e.getMessage());
        e.field().ifPresent(f -> n.put("field", f));
        e.details().ifPresent(d -> n.set("details", d));
        return n;
    }

    private static void write(ServerResponse res, ApiResponse r) {
        res.status(Status.create(r.status()));
        res.header(HeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach(res::header);
        if (r.streamed() == null) {
            res.send(r.body());
            return;
        }
        try (OutputStream out = res.outputStream()) {
            r.streamed().writeTo(out);
        } catch (IOException | RuntimeException e) {
            // The status is sent; cutting the connection is the only way left to tell the client the body is incomplete.
            LOG.error("streaming the response body failed; the client gets an incomplete body", e);
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }
}
