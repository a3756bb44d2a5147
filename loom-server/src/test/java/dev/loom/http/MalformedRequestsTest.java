package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad requests (bad JSON, wrong shapes, bad ids, unknown types, huge bodies, wrong
 * methods, bad headers, broken HTTP) never get a 5xx, every error has a JSON body, and the server is healthy
 * and working afterwards.
 */
class MalformedRequestsTest {
    static final int REQUESTS = 3000;
    static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"};
    static final String[] TEMPLATES = {
        "/health", "/health/ready", "/metrics/circuit-breakers", "/api/actor-types", "/api/actors/{type}/{id}/messages",
        "/api/actors/{type}/{id}/ask", "/api/actors/{type}/{id}/state", "/api/actors/{type}/{id}/journal",
        "/api/actors/{type}/{id}/replay", "/api/actors/{type}", "/api/admin/dead-letters", "/api/admin/dead-letters/{id}",
        "/api/admin/dead-letters/redrive", "/api/admin/dead-letters/purge", "/api/admin/queues",
        "/api/admin/circuit-breakers/{id}/reset", "/api/admin/cache/clear", "/api/admin/cache/warm",
        "/api/admin/performance/slow", "/api/admin/actors/{type}/{id}/snapshot", "/api/admin/actors/{type}/{id}/trim",
        "/api/admin/partitions", "/nope", "/api", "/api/actors", "/api/actors/counter/x/y/z", "//", "/api/admin/",
        "/api/pipelines", "/api/pipelines/{type}", "/api/pipelines/{type}/runs", "/api/pipelines/{type}/pause",
        "/api/pipeline-runs", "/api/pipeline-runs/{id}", "/api/pipeline-runs/{id}/timeline", "/api/pipeline-runs/{id}/cancel",
        "/api/pipeline-runs/{id}/resume", "/api/pipeline-runs/{id}/stages/{type}/approve", "/api/pipeline-runs/{id}/dead-letters"};
    static final String[] TYPES = {"counter", "account", "email-sender", "nosuch", "Counter", "1abc", "a%20b", "x".repeat(70),
        "%C3%A9", "-", "counter.", "a_b"};
    static final String[] IDS = {"c1", "a-1", "bad%20id", "x".repeat(250), "%2F", "..", "ok:id@x~y+z", "%00", "%FF%FE",
        "id;drop", "%E2%98%83", "*"};
    static final String[] QUERIES = {"", "?limit=-1", "?limit=abc", "?limit=99999999999999999999", "?from=0", "?from=x",
        "?at=-5", "?at=1", "?to=1000000", "?timeout=0s", "?timeout=abc", "?timeout=61s", "?timeout=200ms",
        "?window=PT0S", "?window=P2D", "?after=", "?queue=&limit=1", "?limit=1&limit=2", "?%zz=1", "?status=nope",
        "?startedAfter=yesterday", "?stage=Nope"};
    static final String[] BODIES = {"", "{", "}", "[]", "null", "1", "\"s\"", "true", "{\"type\":1}", "{\"type\":null}",
        "{\"type\":\"\"}", "{\"type\":\"Increment\"}", "{\"type\":\"Increment\",\"payload\":{\"by\":\"x\"}}",
        "{\"type\":\"Increment\",\"payload\":[1]}", "{\"type\":\"Increment\",\"payload\":{\"by\":1e400}}",
        "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"soon\"}", "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":-1}",
        "{\"type\":\"Nope\"}", "{\"type\":\"Deposit\",\"payload\":{\"amount\":{}}}", "{\"ids\":[]}", "{\"ids\":\"x\"}",
        "{\"filter\":{\"queue\":3}}", "{\"all\":\"yes\"}", "{\"all\":true,\"ids\":[\"a\"]}", "{\"pattern\":null}",
        "{\"actors\":[\"counter\"]}", "{\"actors\":[1,2]}", "{\"upToSeq\":\"1\"}", "{\"upToSeq\":1.5}",
        "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "{'single':1}", "{\"dup\":1,\"dup\":2}", "\u0000\u0001\u0002",
        "{\"type\":\"Increment\",\"payload\":{\"by\":9223372036854775808}}", "{\"type\":\"\\ud800\"}",
        "{\"name\":\"p\",\"version\":1,\"stages\":[]}", "{\"name\":\"p\",\"version\":0,\"stages\":[{\"kind\":\"nope\"}]}",
        "{\"name\":\"p\",\"version\":1,\"stages\":[{\"kind\":\"single\",\"name\":\"s\",\"task\":{\"actorType\":\"counter\"}}]}",
        "{\"input\":[1],\"version\":-1}", "{\"compensate\":\"yes\"}", "{\"by\":\"\",\"comment\":5}"};
    static final String[] AUTH = {null, "Bearer " + TestServers.ADMIN, "Bearer " + TestServers.WRITER, "Bearer " + TestServers.READER,
        "Bearer", "Bearer ", "bearer " + TestServers.ADMIN, "Basic abc", "Bearer " + "x".repeat(5000), "Token abc"};

    @Test
    void generatedBadRequestsNeverCauseA5xx(@TempDir Path dir) throws Exception {
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_HTTP_BODY_LIMIT", "64KiB"))) {
            Http http = new Http(server.port());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = 42 + t;
                    futures.add(pool.submit(() -> fuzz(http, new Random(seed), REQUESTS / 4, failures, statuses, sent)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            for (int i = 0; i < 120; i++) {
                rawRequest(server.port(), RAW[i % RAW.length], failures);
            }
            assertThat(sent.get()).as("requests the server answered").isGreaterThan(REQUESTS * 9 / 10);
            for (int status : new int[] {200, 400, 401, 403, 404, 405, 413}) {
                assertThat(statuses.getOrDefault(status, new AtomicInteger()).get()).as("answers with " + status + ": " + statuses)
                        .isPositive();
            }
            assertThat(failures).as("requests answered with 5xx or a non-JSON error").isEmpty();

            assertThat(http.get("/health").json().path("status").asText()).isEqualTo("healthy");
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            assertThat(http.post("/api/actors/counter/after-fuzz/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":3}}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/actors/counter/after-fuzz/state",
                    TestServers.READER).json().path("state").path("value").asLong() >= 3);
        }
    }

    private static void fuzz(Http http, Random rnd, int n, List<String> failures, Map<Integer, AtomicInteger> statuses,
                             AtomicInteger sent) {
        for (int i = 0; i < n; i++) {
            String method = rnd.nextInt(3) == 0 ? pick(rnd, METHODS) : (rnd.nextBoolean() ? "GET" : "POST");
            String path = pick(rnd, TEMPLATES).replace("{type}", pick(rnd, TYPES)).replace("{id}", pick(rnd, IDS))
                    + pick(rnd, QUERIES);
            String body = switch (rnd.nextInt(12)) {
                case 0 -> null;
                case 1 -> "[".repeat(5000);
                case 2 -> i % 50 == 0 ? "{\"type\":\"" + "x".repeat(70_000) + "\"}" : "{\"type\":\"Get\"}";
                default -> pick(rnd, BODIES);
            };
            if (body != null && (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) && rnd.nextBoolean()) {
                body = null;
            }
            Map<String, String> headers = new java.util.HashMap<>();
            String auth = pick(rnd, AUTH);
            if (auth != null) {
                headers.put("Authorization", auth);
            }
            switch (rnd.nextInt(6)) {
                case 0 -> headers.put("Idempotency-Key", rnd.nextBoolean() ? "k".repeat(300) : "key-" + rnd.nextInt(5));
                case 1 -> headers.put("traceparent", rnd.nextBoolean() ? "00-zz-yy-01" : "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                case 2 -> headers.put("Content-Type", pick(rnd, new String[] {"text/plain", "application/xml", "", "application/json; charset=latin1"}));
                case 3 -> headers.put("Accept", "image/png");
                default -> {
                }
            }
            String where = method + " " + path + " body=" + (body == null ? "none" : abbreviate(body)) + " auth=" + (auth != null);
            try {
                Http.Response r = http.send(method, path, null, body, headers);
                sent.incrementAndGet();
                statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                check(where, r.status(), r.headers().firstValue("Content-Type").orElse(""), r.body(), method, failures);
            } catch (IllegalArgumentException e) {
                // java.net.http refuses some generated URIs or header values before sending: nothing reached the server.
                statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
            } catch (java.io.UncheckedIOException e) {
                failures.add(where + " -> connection failed: " + e.getCause());
            }
        }
    }

    private static void check(String where, int status, String contentType, String body, String method, List<String> failures) {
        if (status >= 500) {
            failures.add(where + " -> " + status + " " + abbreviate(body));
        } else if (status >= 400 && !method.equals("HEAD")
                && (!contentType.startsWith("application/json") || !body.contains("\"error\""))) {
            failures.add(where + " -> " + status + " without a JSON error body: " + abbreviate(body));
        }
    }

    static final String[] RAW = {
        "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET /api/actor-types HTTP/9.9\r\nHost: x\r\n\r\n",
        "POST /api/actors/counter/r/messages HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
        "POST /api/actors/counter/r/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nAuthorization: Bearer "
                + TestServers.WRITER + "\r\n\r\n{}",
        "POST /api/actors/counter/r/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer "
                + TestServers.WRITER + "\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        "GET /api/actors/counter/%zz/state HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServers.READER + "\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    };

    private static void rawRequest(int port, String request, List<String> failures) {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int r;
            while ((r = in.read(b)) > 0 && buf.size() < 1_000_000) {
                buf.write(b, 0, r);
            }
            String response = buf.toString(StandardCharsets.ISO_8859_1);
            if (response.startsWith("HTTP/1.1 5")) {
                failures.add("raw " + abbreviate(request) + " -> " + abbreviate(response));
            }
        } catch (IOException e) {
            // The server may reset a connection it cannot parse instead of answering; that is not a 5xx.
            assertThat(e).isNotNull();
        }
    }

    private static String pick(Random rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
