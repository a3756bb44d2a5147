package dev.loom.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server that answers programmed responses and records the requests it got, to test the CLI's
 * client side (headers, bodies, error handling) without a Loom server.
 */
public final class StubServer implements AutoCloseable {
    /** A request as received. */
    public record Request(String method, String path, String rawPath, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code METHOD path} (path without query) with {@code status} and {@code body}. */
    public StubServer on(String method, String path, int status, String body) {
        answers.put(method + " " + path, new Answer(status, body));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawPath(), ex.getRequestURI().getQuery(),
                Map.copyOf(ex.getRequestHeaders()), body));
        Answer a = answers.getOrDefault(ex.getRequestMethod() + " " + path,
                new Answer(404, "{\"error\":\"not_found\",\"message\":\"no route " + path + "\"}"));
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", a.body().startsWith("{") ? "application/json" : "text/html");
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
