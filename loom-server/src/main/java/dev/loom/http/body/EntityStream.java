package dev.loom.http.body;

import dev.loom.http.ApiException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request entity as its endpoint reads it: a body that ends before its {@code Content-Length}, or whose chunked
 * framing is broken, is the client's error (400 {@code malformed_body}), not a server failure. The server's own
 * limits ({@link ApiException}s) pass through unchanged.
 */
final class EntityStream extends InputStream {
    private final InputStream in;

    EntityStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    static ApiException malformed(Exception cause) {
        String detail = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ApiException(400, "malformed_body", "the request body does not match its framing (it ended before"
                + " its Content-Length, or its chunked encoding is broken): " + detail);
    }
}
