package dev.loom.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's entity as the dispatcher hands it to the endpoint, and the rule that keeps request framing intact
 * on a persistent connection: the next request may only start where this one's body ends. An endpoint may answer
 * without reading the body (401, 404, 413, ...); before the connection carries another request, what it left
 * unread is read and discarded up to the body limit, and when that cannot be done (more than the limit is left, the
 * framing is broken, or the client waits for {@code 100 Continue}) the connection must be closed instead.
 */
final class RequestEntity {
    private static final Logger LOG = LoggerFactory.getLogger(RequestEntity.class);
    private final ServerRequest request;
    private InputStream stream;

    RequestEntity(ServerRequest request) {
        this.request = request;
    }

    /** The entity stream; the same one on every call, since Helidon hands out a request's stream once. */
    InputStream stream() {
        if (stream == null) {
            stream = request.content().inputStream();
        }
        return stream;
    }

    /** The declared {@code Content-Length}, 0 without an entity, or -1 for a chunked one. */
    long declaredLength() {
        return request.content().hasEntity() ? request.headers().contentLength().orElse(-1L) : 0;
    }

    /**
     * Whether the connection may carry another request after this one: the client did not ask to close it, and the
     * body has been read to its end (reading and discarding at most {@code limit} unread bytes now).
     */
    boolean connectionReusable(long limit) {
        return !asksToClose(request) && bodyFinished(limit);
    }

    /**
     * Reads and discards up to {@code maxBytes} of what is left of the body after a response that closes the
     * connection. Closing a socket with unread input makes TCP reset it, and a reset can destroy the response before
     * the client reads it (a client still sending a large body would see "connection reset" instead of the 413), so
     * the rest of a body up to this bound is read first ("lingering close"). Beyond it, the connection is closed
     * anyway.
     */
    void discardBeforeClose(long maxBytes) {
        if (!request.content().hasEntity() || request.content().consumed()
                || (stream == null && expectsContinue(request))) {
            return;
        }
        byte[] buffer = new byte[8192];
        long left = maxBytes;
        try {
            InputStream in = stream();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("the rest of the request body could not be read before closing", e);
        }
    }

    private boolean bodyFinished(long limit) {
        if (!request.content().hasEntity() || request.content().consumed()) {
            return true;
        }
        if (stream == null && expectsContinue(request)) {
            return false;
        }
        if (declaredLength() > limit) {
            return false;
        }
        byte[] buffer = new byte[8192];
        long left = limit + 1;
        try {
            InputStream in = stream();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // The body's framing is broken or the peer went away: its end cannot be found, so the connection closes.
            LOG.debug("unread request body could not be discarded; closing the connection", e);
            return false;
        }
    }

    /**
     * Whether any {@code Connection} header lists the {@code close} option (RFC 9110 §7.6.1: a comma-separated,
     * case-insensitive list, possibly spread over several header lines).
     */
    static boolean asksToClose(ServerRequest request) {
        // Most requests have no Connection header, and listing a header's values streams over every header.
        if (!request.headers().contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String value : request.headers().values(HeaderNames.CONNECTION)) {
            for (String option : value.split(",")) {
                if (option.trim().toLowerCase(Locale.ROOT).equals("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean expectsContinue(ServerRequest request) {
        return request.headers().values(HeaderNames.EXPECT).stream()
                .anyMatch(v -> v.trim().equalsIgnoreCase("100-continue"));
    }
}
