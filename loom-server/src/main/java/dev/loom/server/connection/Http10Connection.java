package dev.loom.server.connection;

import dev.loom.metrics.HttpMetrics;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A connection that began with an HTTP/1.0 request. Each request is framed here (request line, headers,
 * {@code Content-Length} body) and handed to a fresh Helidon HTTP/1.1 connection that sees that request's bytes and
 * nothing more, rewritten as HTTP/1.1 with the same meaning: so routes, authentication, limits and metrics are
 * exactly those of HTTP/1.1, and no byte of one request can be read as another. The connection stays open after a
 * response only when the request asked for {@code Connection: keep-alive} and was read to its end; the response
 * then says {@code Connection: keep-alive}, as HTTP/1.0 requires.
 */
final class Http10Connection implements ServerConnection {
    private static final String HTTP_1_0 = " HTTP/1.0";
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private final ConnectionContext ctx;
    private final Http1ConnectionSelector requests;
    private final int maxLineLength;
    private final HttpMetrics metrics;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean betweenRequests = true;
    private volatile boolean closing;
    private volatile Thread thread;

    Http10Connection(ConnectionContext ctx, Http1ConnectionSelector requests, int maxLineLength, HttpMetrics metrics) {
        this.ctx = ctx;
        this.requests = requests;
        this.maxLineLength = maxLineLength;
        this.metrics = metrics;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        thread = Thread.currentThread();
        DataReader in = ctx.dataReader();
        while (!closing) {
            betweenRequests = true;
            Http10Request request;
            try {
                request = Http10Request.read(in, maxLineLength, MAX_HEADER_BYTES);
                if (!request.requestLine().endsWith(HTTP_1_0)) {
                    throw new Http10Request.MalformedException("a connection that began with HTTP/1.0 carries only"
                            + " HTTP/1.0 requests; open a new connection for another version");
                }
            } catch (DataReader.InsufficientDataAvailableException e) {
                throw new CloseConnectionException("the client closed the connection", e);
            } catch (Http10Request.MalformedException e) {
                refuse(e.getMessage());
                return;
            }
            betweenRequests = false;
            lastActivity = System.nanoTime();
            if (!serve(request, in, limit)) {
                return;
            }
            lastActivity = System.nanoTime();
        }
    }

    /** Serves one request; true when the connection may carry the next one. */
    private boolean serve(Http10Request request, DataReader in, Limit limit) throws InterruptedException {
        RequestBytes bytes = new RequestBytes(request.asHttp11(ctx.localPeer().host() + ":" + ctx.localPeer().port()),
                request.contentLength(), in);
        ServerConnection http11 = requests.connection(new SingleRequestContext(ctx, DataReader.create(bytes)));
        try {
            http11.handle(limit);
        } catch (CloseConnectionException e) {
            // Either the response closed the connection, or Helidon asked for the next request and found none.
            return request.keepAlive() && bytes.askedBeyondEnd();
        }
        // Helidon answered a refusal (400 for malformed headers, ...) and ended its connection: so does this one.
        return false;
    }

    private void refuse(String message) {
        TransportErrors.Refusal refusal = new TransportErrors.Refusal(400, "bad_request", message);
        metrics.record("OTHER", TransportErrors.ROUTE_LABEL, 400, 0);
        ctx.dataWriter().writeNow(BufferData.create(refusal.response()));
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastActivity);
    }

    @Override
    public void close(boolean interrupt) {
        closing = true;
        Thread t = thread;
        if (t != null && (interrupt || betweenRequests)) {
            t.interrupt();
        }
    }

    /**
     * The bytes one request consists of: its rewritten head, then exactly {@code Content-Length} bytes of body taken
     * from the connection as they are read, then the end. Reading past the end is remembered: it means the request
     * was served and its reader wanted another.
     */
    private static final class RequestBytes implements Supplier<byte[]> {
        private final DataReader connection;
        private byte[] head;
        private long bodyLeft;
        private boolean askedBeyondEnd;

        RequestBytes(byte[] head, long bodyLength, DataReader connection) {
            this.head = head;
            this.bodyLeft = bodyLength;
            this.connection = connection;
        }

        @Override
        public byte[] get() {
            if (head != null) {
                byte[] h = head;
                head = null;
                return h;
            }
            if (bodyLeft > 0) {
                connection.ensureAvailable();
                int n = (int) Math.min(connection.available(), bodyLeft);
                bodyLeft -= n;
                return connection.readBytes(n);
            }
            askedBeyondEnd = true;
            return null;
        }

        boolean askedBeyondEnd() {
            return askedBeyondEnd && bodyLeft == 0;
        }
    }
}
