package dev.loom.cli.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection of the load generator: writes a prepared request, reads the status line,
 * headers and {@code Content-Length} body of the answer. It is deliberately this small, so that the generator costs
 * the machine as little as possible next to the server it measures (a full client would spend more CPU per request
 * than some of the server's routes). Plain HTTP only.
 */
final class KeepAliveConnection implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head = new byte[MAX_HEAD];

    /** What one exchange gave: the status, and whether the server closed the connection after it. */
    record Answer(int status, boolean closed) {
    }

    KeepAliveConnection(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /**
     * Sends {@code request} and reads its whole answer.
     *
     * @throws IOException if the connection fails or the answer is not a framed HTTP/1.1 response
     */
    Answer exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int n = 0;
        while (n < 4 || head[n - 4] != '\r' || head[n - 3] != '\n' || head[n - 2] != '\r' || head[n - 1] != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            if (n == MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
            head[n++] = (byte) b;
        }
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            throw new IOException("not an HTTP response: " + text.lines().findFirst().orElse(""));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        long length = 0;
        boolean close = false;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                case "transfer-encoding" -> throw new IOException("chunked responses are not expected from this route");
                default -> {
                }
            }
        }
        in.skipNBytes(length);
        return new Answer(status, close);
    }

    /** Closes the socket; a failure to close it is unexpected enough to surface. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a benchmark connection", e);
        }
    }
}
