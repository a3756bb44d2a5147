package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.RawHttp;
import dev.loom.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated requests, each on its own raw connection: request lines, headers, framing
 * (Content-Length / chunked / both / neither, right and wrong), body encodings and truncations. Inside every
 * declared body sits a complete, authorized request to {@code counter/fuzz-smuggled}; if any byte of a body were
 * ever read as a request, that counter would move. Asserted: no 5xx, no more responses than the bytes frame
 * requests, a JSON body on every error, the smuggled counter and a baseline counter unchanged, and a healthy,
 * working server at the end.
 */
class HttpFuzzTest {
    static final int CASES = 4000;
    static final long SEED = 20261201L;
    static final int LIMIT = 8192;
    static final String SMUGGLED_ID = "fuzz-smuggled";
    static final String PIPELINED_ID = "fuzz-pipelined";

    /** One generated case: the bytes, and how many requests they frame at most. */
    record Case(String description, byte[] bytes, int maxResponses, boolean headComplete) {
    }

    @Test
    void generatedMalformedTrafficNeverGetsA5xxNorRunsABodyAsARequest(@TempDir Path dir) throws Exception {
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_HTTP_BODY_LIMIT", Integer.toString(LIMIT)))) {
            Http http = new Http(server.port());
            assertThat(http.post("/api/actors/counter/fuzz-baseline/ask", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":5}}").status()).isEqualTo(200);

            Random rnd = new Random(SEED);
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                cases.add(generate(rnd, i));
            }
            List<String> failures = new ArrayList<>();
            Map<Integer, AtomicInteger> statuses = new TreeMap<>();
            Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<String>> results = new ArrayList<>();
                for (Case c : cases) {
                    results.add(pool.submit(() -> check(server.port(), c, seen)));
                }
                for (Future<String> f : results) {
                    String problem = f.get();
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
            }
            seen.forEach((k, v) -> statuses.put(k, v));
            System.out.println("HttpFuzzTest: " + CASES + " cases (seed " + SEED + "), statuses " + statuses);
            assertThat(failures).as("failures (first 20 of " + failures.size() + ")")
                    .isEmpty();
            assertThat(statuses.keySet()).as("the fuzz reached routes and refusals alike")
                    .contains(200, 202, 400, 401, 404, 413);

            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(value(http, SMUGGLED_ID)).as("no byte of a body ever ran as a request").isZero();
            assertThat(value(http, "fuzz-baseline")).as("committed state untouched").isEqualTo(5);
            assertThat(http.get("/metrics").body()).doesNotContainPattern("status=\"5xx\"");
        }
    }

    static long value(Http http, String id) {
        Http.Response r = http.post("/api/actors/counter/" + id + "/ask?timeout=10s", TestServers.WRITER,
                "{\"type\":\"Get\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("reply").asLong();
    }

    static String check(int port, Case c, Map<Integer, AtomicInteger> seen) {
        RawHttp.Exchange x;
        try {
            x = RawHttp.exchange(port, c.bytes(), true, Duration.ofSeconds(10));
        } catch (Exception e) {
            return c.description() + ": " + e;
        }
        for (RawHttp.Response r : x.responses()) {
            seen.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
            if (r.status() >= 500) {
                return c.description() + ": " + r.status() + " " + r.bodyText();
            }
            if (r.status() >= 400 && !r.bodyText().contains("\"error\"")) {
                return c.description() + ": error without a JSON body: " + r.status() + " " + r.bodyText();
            }
        }
        if (x.responses().size() > c.maxResponses()) {
            return c.description() + ": " + x.responses().size() + " responses for at most " + c.maxResponses()
                    + " framed requests: " + x.responses().stream().map(RawHttp.Response::status).toList();
        }
        if (c.headComplete() && x.responses().isEmpty()) {
            return c.description() + ": a complete request head got no answer";
        }
        if (!x.closedByServer() && x.responses().isEmpty()) {
            return c.description() + ": the connection neither answered nor closed";
        }
        return null;
    }

    static final String[] METHODS = {"GET", "POST", "POST", "POST", "DELETE", "PUT", "OPTIONS", "PATCH", "get", "GéT",
        "GET\u0001", "P\tST", "", "X".repeat(300), "PO ST", "CONNECT"};
    static final String[] TARGETS = {"/health", "/health/ready", "/api/actors/counter/fuzz-a/messages",
        "/api/actors/counter/fuzz-b/messages", "/api/actors/counter/fuzz-c/ask?timeout=1s", "/api/actor-types",
        "/api/admin/queues", "/nope", "*", "http://localhost/health", "/%00", "/a b", "/" + "a".repeat(9000), "",
        "/api/actors/counter/%2e%2e/messages", "/api/actors/nosuch/x/messages", "/api/actors/counter/fuzz-a/messages?x=%zz"};
    static final String[] VERSIONS = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "http/1.1",
        "HTTP/1.1 extra", "", "HTTP/1.1\u0000", "HTTP/0.9"};
    static final String[] CONNECTION = {null, null, "close", "keep-alive", "close, keep-alive", "Upgrade", "TE, close"};
    static final String[] JUNK_HEADERS = {"X-A: \u0000", "Bad Header: x", ": empty", "X-Folded: a\r\n b", "X-Long: "
        + "v".repeat(20000), "Expect: 100-continue", "Host: ", "Host: a:b:c", "Content-Encoding: gzip", "X-Ok: 1",
        "Transfer-Encoding:", "Upgrade: h2c"};

    static Case generate(Random rnd, int n) {
        // Half the cases are authorized sends with well-formed request lines, so that framing and bodies reach the
        // routes; the other half vary everything.
        boolean plausible = rnd.nextBoolean();
        String method = plausible ? "POST" : pick(rnd, METHODS);
        String target = plausible ? "/api/actors/counter/fuzz-" + (n % 7) + "/messages" : pick(rnd, TARGETS);
        String version = plausible ? (rnd.nextInt(5) == 0 ? "HTTP/1.0" : "HTTP/1.1") : pick(rnd, VERSIONS);
        String sep = !plausible && rnd.nextInt(10) == 0 ? pick(rnd, new String[] {"  ", "\t", " \u000b "}) : " ";
        int framing = rnd.nextInt(12);
        // Where the framing ends before the bytes do, the embedded request legitimately follows as the next one.
        byte[] body = body(rnd, bodyIsUnframed(framing) ? PIPELINED_ID : SMUGGLED_ID);
        StringBuilder head = new StringBuilder(method).append(sep).append(target).append(sep).append(version);
        String eol = !plausible && rnd.nextInt(30) == 0 ? "\n" : "\r\n";
        head.append(eol);
        if (rnd.nextInt(8) != 0) {
            head.append("Host: localhost").append(eol);
        }
        if (rnd.nextInt(6) == 0) {
            head.append("Host: other").append(eol);
        }
        switch (plausible ? 1 : rnd.nextInt(4)) {
            case 0 -> { }
            case 1 -> head.append("Authorization: Bearer ").append(TestServers.WRITER).append(eol);
            case 2 -> head.append("Authorization: Bearer garbage").append(eol);
            default -> head.append("Authorization: Basic eDp5").append(eol);
        }
        if (rnd.nextBoolean()) {
            head.append("Content-Type: application/json").append(eol);
        }
        String connection = pick(rnd, CONNECTION);
        if (connection != null) {
            head.append("Connection: ").append(connection).append(eol);
        }
        for (int j = rnd.nextInt(3); j > 0; j--) {
            if (rnd.nextInt(3) == 0) {
                head.append(pick(rnd, JUNK_HEADERS)).append(eol);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int maxResponses = 1;
        String what;
        byte[] entity;
        switch (framing) {
            case 0, 1, 2 -> {
                what = "Content-Length exact";
                head.append("Content-Length: ").append(body.length).append(eol);
                entity = body;
            }
            case 3 -> {
                what = "Content-Length too long (body short)";
                head.append("Content-Length: ").append(body.length + 1 + rnd.nextInt(1000)).append(eol);
                entity = body;
            }
            case 4 -> {
                what = "Content-Length too short (trailing bytes frame another request)";
                int declared = body.length == 0 ? 0 : rnd.nextInt(body.length);
                head.append("Content-Length: ").append(declared).append(eol);
                entity = body;
                maxResponses = 2 + body.length;
            }
            case 5 -> {
                what = "bad Content-Length";
                head.append("Content-Length: ").append(pick(rnd, new String[] {"-1", "abc", "+5", "1e3", "5, 6", "0x10",
                    " ", "99999999999999999999999"})).append(eol);
                entity = body;
                maxResponses = 1;
            }
            case 6 -> {
                what = "two Content-Length headers";
                head.append("Content-Length: ").append(body.length).append(eol)
                        .append("Content-Length: ").append(body.length + rnd.nextInt(2)).append(eol);
                entity = body;
            }
            case 7, 8 -> {
                what = "chunked";
                head.append("Transfer-Encoding: chunked").append(eol);
                entity = chunked(rnd, body, rnd.nextInt(4) == 0);
            }
            case 9 -> {
                what = "Content-Length and chunked";
                head.append("Content-Length: ").append(body.length).append(eol).append("Transfer-Encoding: chunked")
                        .append(eol);
                entity = chunked(rnd, body, false);
            }
            case 10 -> {
                what = "odd Transfer-Encoding";
                head.append("Transfer-Encoding: ").append(pick(rnd, new String[] {"gzip, chunked", "chunked, gzip",
                    "xchunked", "chunked, chunked", "identity", "CHUNKED"})).append(eol);
                entity = chunked(rnd, body, false);
            }
            default -> {
                what = "no framing headers";
                entity = body;
                // Without Content-Length or chunked, a request has no body: the bytes after the head are the next request.
                maxResponses = 2 + body.length;
            }
        }
        head.append(eol);
        out.writeBytes(head.toString().getBytes(version.startsWith("HTTP/1.1\u0000") || method.equals("GéT")
                ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        int headLength = out.size();
        out.writeBytes(entity);
        byte[] bytes = out.toByteArray();
        boolean truncated = rnd.nextInt(6) == 0 && bytes.length > 1;
        if (truncated) {
            bytes = java.util.Arrays.copyOf(bytes, 1 + rnd.nextInt(bytes.length - 1));
        }
        boolean headComplete = bytes.length >= headLength && !method.isEmpty() && !target.isEmpty() && !version.isEmpty()
                && eol.equals("\r\n");
        if (bodyIsUnframed(framing) || version.equals("HTTP/1.0")) {
            maxResponses = Math.max(maxResponses, 2 + body.length);
        }
        String description = "case " + n + " [" + what + (truncated ? ", truncated to " + bytes.length : "") + "] "
                + printable(new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.ISO_8859_1));
        return new Case(description, bytes, maxResponses, headComplete && !truncated && framingKnown(framing));
    }

    private static boolean bodyIsUnframed(int framing) {
        return framing == 4 || framing == 11;
    }

    private static boolean framingKnown(int framing) {
        return framing != 4 && framing != 11;
    }

    /** A body; most contain a complete authorized request to {@code counter/<targetId>}. */
    static byte[] body(Random rnd, String targetId) {
        String increment = "{\"type\":\"Increment\",\"payload\":{\"by\":1}}";
        String smuggled = "POST /api/actors/counter/" + targetId + "/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestServers.WRITER + "\r\nContent-Type: application/json\r\nContent-Length: " + increment.length()
                + "\r\n\r\n" + increment;
        return switch (rnd.nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> increment.getBytes(StandardCharsets.UTF_8);
            case 2 -> increment.getBytes(StandardCharsets.UTF_16);
            case 3 -> increment.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
            case 4 -> new byte[] {0, 0, 0, '{', 0, 0, 0, '}'};
            case 5 -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            case 6 -> ("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.US_ASCII);
            case 7 -> (smuggled + "x".repeat(LIMIT)).getBytes(StandardCharsets.ISO_8859_1);
            default -> smuggled.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    static byte[] chunked(Random rnd, byte[] body, boolean broken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int size = Math.min(body.length - i, 1 + rnd.nextInt(40));
            String sizeLine = broken && rnd.nextInt(3) == 0 ? pick(rnd, new String[] {"zz", "-1", "", "fffffffffffff",
                Integer.toHexString(size + 5)}) : Integer.toHexString(size) + (rnd.nextInt(10) == 0 ? ";ext=1" : "");
            out.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, size);
            out.writeBytes(broken && rnd.nextInt(4) == 0 ? new byte[] {'X'} : new byte[] {'\r', '\n'});
            i += size;
        }
        out.writeBytes((broken && rnd.nextBoolean() ? "0\r\nX-Trailer: t\r\nbroken" : "0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static String pick(Random rnd, String[] options) {
        return options[rnd.nextInt(options.length)];
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
