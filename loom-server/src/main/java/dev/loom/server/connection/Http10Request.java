package dev.loom.server.connection;

import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The head of one HTTP/1.0 request (request line and header lines, as sent) and its framing: HTTP/1.0 bodies are
 * framed by {@code Content-Length} alone, and a connection persists only when the request asks for
 * {@code Connection: keep-alive}.
 *
 * @param requestLine   the request line without its CRLF
 * @param headerLines   the header lines as sent, without CRLF
 * @param contentLength the body's length (0 when the request declares none)
 * @param keepAlive     whether the client asked to keep the connection open
 * @param hasHost       whether a {@code Host} header was sent
 */
record Http10Request(String requestLine, List<byte[]> headerLines, long contentLength, boolean keepAlive,
                     boolean hasHost) {

    /** A request whose head or framing cannot be accepted; the message says why. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the next request's head from {@code reader}.
     *
     * @throws DataReader.InsufficientDataAvailableException when the peer closed the connection before or during it
     * @throws MalformedException                            when the head or its framing is not acceptable
     */
    static Http10Request read(DataReader reader, int maxLineLength, int maxHeaderBytes) {
        String requestLine = new String(line(reader, maxLineLength), StandardCharsets.US_ASCII);
        List<byte[]> headers = new ArrayList<>();
        int headerBytes = 0;
        OptionalLong length = OptionalLong.empty();
        boolean keepAlive = false;
        boolean close = false;
        boolean hasHost = false;
        while (true) {
            byte[] line = line(reader, maxHeaderBytes - headerBytes);
            if (line.length == 0) {
                break;
            }
            headerBytes += line.length + 2;
            String text = new String(line, StandardCharsets.ISO_8859_1);
            int colon = text.indexOf(':');
            if (colon <= 0 || text.charAt(0) == ' ' || text.charAt(0) == '\t') {
                throw new MalformedException("malformed header line in an HTTP/1.0 request (a header is 'Name: value';"
                        + " folded lines are not accepted)");
            }
            String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = text.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = OptionalLong.of(contentLength(value, length));
                case "transfer-encoding" -> throw new MalformedException("Transfer-Encoding is not defined for"
                        + " HTTP/1.0 requests; send the body with Content-Length, or use HTTP/1.1");
                case "connection" -> {
                    for (String option : value.split(",")) {
                        String o = option.trim().toLowerCase(Locale.ROOT);
                        keepAlive |= o.equals("keep-alive");
                        close |= o.equals("close");
                    }
                }
                case "host" -> hasHost = true;
                default -> {
                }
            }
            headers.add(line);
        }
        return new Http10Request(requestLine, List.copyOf(headers), length.orElse(0), keepAlive && !close, hasHost);
    }

    /** The head rewritten as an HTTP/1.1 request with the same meaning, including whether the connection persists. */
    byte[] asHttp11(String defaultHost) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        String line = requestLine.substring(0, requestLine.length() - "HTTP/1.0".length()) + "HTTP/1.1\r\n";
        out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        for (byte[] h : headerLines) {
            String name = new String(h, StandardCharsets.ISO_8859_1);
            name = name.substring(0, name.indexOf(':')).trim();
            // HTTP/1.0's hop-by-hop connection options mean something else in HTTP/1.1; persistence is restated below.
            if (name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive")) {
                continue;
            }
            out.writeBytes(h);
            out.writeBytes(CRLF);
        }
        if (!hasHost) {
            out.writeBytes(("Host: " + defaultHost + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        if (!keepAlive) {
            out.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static byte[] line(DataReader reader, int max) {
        if (max <= 0) {
            throw new MalformedException("the request headers are larger than this server accepts");
        }
        int eol;
        try {
            eol = reader.findNewLine(max);
        } catch (DataReader.IncorrectNewLineException e) {
            throw new MalformedException("lines of an HTTP request end with CRLF: " + e.getMessage());
        }
        if (eol >= max) {
            throw new MalformedException("a line of the request is longer than this server accepts");
        }
        byte[] bytes = reader.readBytes(eol);
        reader.skip(2);
        for (byte b : bytes) {
            if (b == 0) {
                throw new MalformedException("NUL byte in the request head");
            }
        }
        return bytes;
    }

    private static long contentLength(String value, OptionalLong earlier) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedException("Content-Length must be a non-negative decimal number, got '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
        long n = Long.parseLong(value);
        if (earlier.isPresent() && earlier.getAsLong() != n) {
            throw new MalformedException("conflicting Content-Length headers");
        }
        return n;
    }
}
