package dev.loom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A test client that speaks HTTP as bytes on a socket, so that tests can send what a well-behaved client cannot
 * (broken framing, pipelined requests, truncations) and see exactly what came back: every response on the
 * connection, parsed by its own framing, and whether the server closed the connection.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
    private boolean closedByServer;

    /** One response as it came off the wire. */
    public record Response(String version, int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean saysClose() {
            return header("connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false);
        }
    }

    /** What a connection produced: its responses in order, and whether the server closed it afterwards. */
    public record Exchange(List<Response> responses, boolean closedByServer, int trailingBytes) {
        public Response only() {
            if (responses.size() != 1) {
                throw new AssertionError("expected exactly one response, got " + responses.size() + ": " + responses);
            }
            return responses.getFirst();
        }
    }

    public RawHttp(int port, Duration readTimeout) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Sends and answers in one go: writes {@code request}, half-closes if asked, reads until close or timeout. */
    public static Exchange exchange(int port, byte[] request, boolean halfClose, Duration timeout) throws IOException {
        try (RawHttp c = new RawHttp(port, timeout)) {
            try {
                c.write(request);
                if (halfClose) {
                    c.halfClose();
                }
            } catch (java.net.SocketException serverClosedEarly) {
                // The server answered and closed before reading everything; what reached this side is read below.
            }
            return c.readUntilClosed();
        }
    }

    public static Exchange exchange(int port, String request, boolean halfClose, Duration timeout) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), halfClose, timeout);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(String s) throws IOException {
        write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Shuts down the sending side: the server sees the end of the stream. */
    public void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one whole response, or fails if the connection ends or times out first. */
    public Response readResponse() throws IOException {
        Optional<Response> r = tryRead();
        return r.orElseThrow(() -> new AssertionError("the connection ended before a response"
                + (unread.size() > 0 ? "; partial bytes: " + unread : "")));
    }

    /** Reads responses until the server closes the connection or the read timeout passes. */
    public Exchange readUntilClosed() throws IOException {
        List<Response> responses = new ArrayList<>();
        while (true) {
            Optional<Response> r = tryRead();
            if (r.isEmpty()) {
                return new Exchange(responses, closedByServer, unread.size());
            }
            responses.add(r.get());
        }
    }

    /** Whether the server closes the connection within the read timeout (reading and discarding any bytes). */
    public boolean serverCloses() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private Optional<Response> tryRead() throws IOException {
        byte[] headEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int end;
        while ((end = indexOf(unread.toByteArray(), headEnd)) < 0) {
            if (!fill()) {
                return Optional.empty();
            }
        }
        byte[] buf = unread.toByteArray();
        String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(c + 1).trim());
        }
        consume(end + 4);
        int code = Integer.parseInt(status[1]);
        if (code >= 100 && code < 200) {
            // An interim response (100 Continue) has no body and is followed by the final one.
            return tryRead();
        }
        byte[] body;
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (!te.isEmpty() && te.getFirst().equalsIgnoreCase("chunked")) {
            body = readChunked();
        } else if (headers.containsKey("content-length")) {
            body = readExactly(Integer.parseInt(headers.get("content-length").getFirst()));
        } else {
            while (fill()) {
                // a close-delimited body
            }
            body = unread.toByteArray();
            consume(body.length);
        }
        if (body == null) {
            return Optional.empty();
        }
        return Optional.of(new Response(status[0], code, headers, body));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                return null;
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine();
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            byte[] chunk = readExactly(size + 2);
            if (chunk == null) {
                return null;
            }
            body.write(chunk, 0, size);
        }
    }

    private String readLine() throws IOException {
        byte[] crlf = {'\r', '\n'};
        int i;
        while ((i = indexOf(unread.toByteArray(), crlf)) < 0) {
            if (!fill()) {
                return null;
            }
        }
        String line = new String(unread.toByteArray(), 0, i, StandardCharsets.ISO_8859_1);
        consume(i + 2);
        return line;
    }

    private byte[] readExactly(int n) throws IOException {
        while (unread.size() < n) {
            if (!fill()) {
                return null;
            }
        }
        byte[] all = unread.toByteArray();
        byte[] r = java.util.Arrays.copyOf(all, n);
        consume(n);
        return r;
    }

    private void consume(int n) {
        byte[] all = unread.toByteArray();
        unread.reset();
        unread.write(all, n, all.length - n);
    }

    /** Reads more bytes; false at the end of the stream or on timeout. */
    private boolean fill() throws IOException {
        if (closedByServer) {
            return false;
        }
        byte[] b = new byte[8192];
        try {
            int n = in.read(b);
            if (n < 0) {
                closedByServer = true;
                return false;
            }
            unread.write(b, 0, n);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            closedByServer = true;
            return false;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
