package dev.loom.server.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver for tests: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} in
 * protobuf, decoded here from the wire format (the fields tests look at: resource attributes, and each span's ids,
 * name, kind and attributes), answered 200 with an empty {@code ExportTraceServiceResponse}.
 */
final class OtlpReceiver implements AutoCloseable {
    /** A received span; ids in lower-case hex, parent empty for a root. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, Object> attributes, Map<String, Object> resource) {
        String attr(String key) {
            Object v = attributes.get(key);
            return v == null ? null : v.toString();
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())
                        || !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/x-protobuf")) {
                    problems.add("unexpected " + exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                decodeRequest(ByteBuffer.wrap(in.readAllBytes()));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                problems.add(e.toString());
                throw e;
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    private void decodeRequest(ByteBuffer b) {
        while (b.hasRemaining()) {
            int tag = varint32(b);
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                decodeResourceSpans(sub(b));
            } else {
                skip(b, tag & 7);
            }
        }
    }

    private void decodeResourceSpans(ByteBuffer b) {
        Map<String, Object> resource = new LinkedHashMap<>();
        List<ByteBuffer> scopes = new ArrayList<>();
        while (b.hasRemaining()) {
            int tag = varint32(b);
            switch (tag >>> 3) {
                case 1 -> {
                    ByteBuffer r = sub(b);
                    while (r.hasRemaining()) {
                        int t = varint32(r);
                        if (t >>> 3 == 1) {
                            keyValue(sub(r), resource);
                        } else {
                            skip(r, t & 7);
                        }
                    }
                }
                case 2 -> scopes.add(sub(b));
                default -> skip(b, tag & 7);
            }
        }
        for (ByteBuffer scope : scopes) {
            while (scope.hasRemaining()) {
                int tag = varint32(scope);
                if (tag >>> 3 == 2) {
                    spans.add(span(sub(scope), resource));
                } else {
                    skip(scope, tag & 7);
                }
            }
        }
    }

    private static ReceivedSpan span(ByteBuffer b, Map<String, Object> resource) {
        String trace = "";
        String span = "";
        String parent = "";
        String name = "";
        int kind = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (b.hasRemaining()) {
            int tag = varint32(b);
            switch (tag >>> 3) {
                case 1 -> trace = hex(sub(b));
                case 2 -> span = hex(sub(b));
                case 4 -> parent = hex(sub(b));
                case 5 -> name = text(sub(b));
                case 6 -> kind = (int) varint(b);
                case 9 -> keyValue(sub(b), attributes);
                default -> skip(b, tag & 7);
            }
        }
        return new ReceivedSpan(trace, span, parent, name, kind, attributes, resource);
    }

    private static void keyValue(ByteBuffer b, Map<String, Object> into) {
        String key = null;
        Object value = null;
        while (b.hasRemaining()) {
            int tag = varint32(b);
            switch (tag >>> 3) {
                case 1 -> key = text(sub(b));
                case 2 -> value = anyValue(sub(b));
                default -> skip(b, tag & 7);
            }
        }
        into.put(key, value);
    }

    private static Object anyValue(ByteBuffer b) {
        Object v = null;
        while (b.hasRemaining()) {
            int tag = varint32(b);
            switch (tag >>> 3) {
                case 1 -> v = text(sub(b));
                case 2 -> v = varint(b) != 0;
                case 3 -> v = varint(b);
                case 4 -> v = b.order(ByteOrder.LITTLE_ENDIAN).getDouble();
                default -> skip(b, tag & 7);
            }
        }
        return v;
    }

    private static ByteBuffer sub(ByteBuffer b) {
        int len = varint32(b);
        ByteBuffer s = b.slice(b.position(), len);
        b.position(b.position() + len);
        return s;
    }

    private static void skip(ByteBuffer b, int wireType) {
        switch (wireType) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> sub(b);
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
        }
    }

    private static int varint32(ByteBuffer b) {
        return (int) varint(b);
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
