package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.RawHttp;
import dev.loom.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request framing on the wire, proven with raw sockets: an early response (401, 403, 404, 405, 413, a probe) never
 * lets the unread body run as a request, {@code Connection: close} really closes, pipelined requests are answered in
 * order and once each, HTTP/1.0 is served, and malformed HTTP gets a 4xx with a JSON body.
 */
class RequestFramingTest {
    static final int LIMIT = 4096;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final AtomicInteger IDS = new AtomicInteger();
    @TempDir
    static Path dir;
    static LoomServer server;
    static Http http;
    static int port;

    @BeforeAll
    static void start() {
        server = TestServers.sqlite(dir, Map.of("LOOM_HTTP_BODY_LIMIT", Integer.toString(LIMIT)));
        port = server.port();
        http = new Http(port);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A complete, valid request that increments {@code counter/<id>} when it runs. */
    static String smuggled(String id) {
        String body = "{\"type\":\"Increment\",\"payload\":{\"by\":1}}";
        return "POST /api/actors/counter/" + id + "/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestServers.WRITER + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    static String request(String method, String path, String token, String connection, String body) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (token != null) {
            sb.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (connection != null) {
            sb.append("Connection: ").append(connection).append("\r\n");
        }
        sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length)
                .append("\r\n\r\n").append(body);
        return sb.toString();
    }

    static final String CANARY = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";

    /** The counter's value, read by an ask that runs after anything already queued for it. */
    static long counterValue(String id) {
        Http.Response r = http.send("POST", "/api/actors/counter/" + id + "/ask?timeout=10s", TestServers.WRITER,
                "{\"type\":\"Get\"}", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("reply").asLong();
    }

    record Early(String name, String method, String path, String token, int status) {
    }

    static List<Early> earlyResponses() {
        return List.of(
                new Early("401 no token", "POST", "/api/actors/counter/x/messages", null, 401),
                new Early("401 bad token", "POST", "/api/actors/counter/x/messages", "nope", 401),
                new Early("403 reader on a write route", "POST", "/api/actors/counter/x/messages", TestServers.READER, 403),
                new Early("404 no route", "POST", "/nope", TestServers.WRITER, 404),
                new Early("405 wrong method", "PUT", "/api/actor-types", TestServers.WRITER, 405),
                new Early("probe with a body", "GET", "/health", null, 200),
                new Early("400 unknown message type", "POST", "/api/actors/counter/x/messages", TestServers.WRITER, 400));
    }

    @Test
    void anEarlyResponseWithConnectionCloseNeverRunsTheBodyAsARequest() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Early e : earlyResponses()) {
            String id = "smuggle-close-" + IDS.incrementAndGet();
            ids.add(id);
            String outer = request(e.method(), e.path(), e.token(), "close", smuggled(id));
            RawHttp.Exchange x = RawHttp.exchange(port, outer, false, TIMEOUT);
            assertThat(x.responses()).as(e.name()).hasSize(1);
            assertThat(x.only().status()).as(e.name() + ": " + x.only().bodyText()).isEqualTo(e.status());
            assertThat(x.only().saysClose()).as(e.name()).isTrue();
            assertThat(x.closedByServer()).as(e.name() + ": the server must close the connection").isTrue();
        }
        for (String id : ids) {
            assertThat(counterValue(id)).as(id + " must never have been incremented").isZero();
        }
    }

    @Test
    void anEarlyResponseOnAKeptConnectionDiscardsTheBodyAndServesTheNextRequest() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Early e : earlyResponses()) {
            String id = "smuggle-keep-" + IDS.incrementAndGet();
            ids.add(id);
            RawHttp.Exchange x = RawHttp.exchange(port, request(e.method(), e.path(), e.token(), null, smuggled(id))
                    + CANARY, true, TIMEOUT);
            assertThat(x.responses()).as(e.name() + ": one answer for the request, one for the canary, no third")
                    .hasSize(2);
            assertThat(x.responses().get(0).status()).as(e.name()).isEqualTo(e.status());
            assertThat(x.responses().get(1).status()).as(e.name()).isEqualTo(200);
            assertThat(x.responses().get(1).bodyText()).as(e.name()).contains("\"status\"");
        }
        for (String id : ids) {
            assertThat(counterValue(id)).as(id + " must never have been incremented").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, LIMIT - 1, LIMIT, LIMIT + 1, 2 * LIMIT, 64 * LIMIT})
    void bodiesOfEverySizeKeepTheFraming(int size) throws Exception {
        String id = "sizes-" + size;
        String prefix = smuggled(id);
        String body = size <= prefix.length() ? "x".repeat(size) : prefix + "x".repeat(size - prefix.length());
        for (String token : new String[] {null, TestServers.WRITER}) {
            RawHttp.Exchange x = RawHttp.exchange(port, request("POST", "/api/actors/counter/" + id + "/messages", token,
                    null, body) + CANARY, true, TIMEOUT);
            int expected = token == null ? 401 : size > LIMIT ? 413 : 400;
            assertThat(x.responses()).as("size " + size + ", token " + (token != null)).isNotEmpty();
            assertThat(x.responses().getFirst().status()).as("size " + size + ": " + x.responses().getFirst().bodyText())
                    .isEqualTo(expected);
            if (size > LIMIT) {
                // More than the limit is never read to find the next request: the connection closes instead.
                assertThat(x.responses()).as("size " + size).hasSize(1);
                assertThat(x.responses().getFirst().saysClose()).isTrue();
                assertThat(x.closedByServer()).isTrue();
            } else {
                assertThat(x.responses()).as("size " + size + ": the canary is answered, nothing else").hasSize(2);
                assertThat(x.responses().get(1).status()).isEqualTo(200);
            }
        }
        assertThat(counterValue(id)).isZero();
    }

    @Test
    void aRefusedRequestThatAwaits100ContinueIsAnsweredAtOnceWithoutSolicitingItsBody() throws Exception {
        try (RawHttp c = new RawHttp(port, TIMEOUT)) {
            c.write("POST /api/actors/counter/x/messages HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.saysClose()).as("the body was never asked for, so the connection cannot be reused").isTrue();
            assertThat(c.serverCloses()).isTrue();
        }
        try (RawHttp c = new RawHttp(port, TIMEOUT)) {
            String id = "continue-" + IDS.incrementAndGet();
            String body = "{\"type\":\"Increment\",\"payload\":{\"by\":3}}";
            c.write("POST /api/actors/counter/" + id + "/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestServers.WRITER + "\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n");
            Thread.sleep(200);
            c.write(body + CANARY);
            assertThat(c.readResponse().status()).isEqualTo(202);
            assertThat(c.readResponse().status()).as("an accepted body keeps the connection usable").isEqualTo(200);
            assertThat(counterValue(id)).isEqualTo(3);
        }
    }

    @Test
    void connectionCloseClosesTheSocket() throws Exception {
        try (RawHttp c = new RawHttp(port, TIMEOUT)) {
            c.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.saysClose()).isTrue();
            assertThat(c.serverCloses()).as("socket closed by the server after Connection: close").isTrue();
        }
        try (RawHttp c = new RawHttp(port, TIMEOUT)) {
            // "close" as one option among others, in any case
            c.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: TE, CLOSE\r\nTE: trailers\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
            assertThat(c.serverCloses()).isTrue();
        }
        try (RawHttp c = new RawHttp(port, Duration.ofMillis(700))) {
            c.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(c.readResponse().saysClose()).isFalse();
            assertThat(c.serverCloses()).as("a keep-alive connection stays open").isFalse();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndOnceEach() throws Exception {
        String prefix = "pipe-" + IDS.incrementAndGet() + "-";
        StringBuilder all = new StringBuilder();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            switch (i % 4) {
                case 0 -> {
                    all.append(request("POST", "/api/actors/counter/" + prefix + i + "/messages", TestServers.WRITER, null,
                            "{\"type\":\"Increment\",\"payload\":{\"by\":" + i + "}}"));
                    expected.add(202);
                }
                case 1 -> {
                    all.append(CANARY);
                    expected.add(200);
                }
                case 2 -> {
                    all.append(request("POST", "/nope/" + i, null, null, smuggled(prefix + "never")));
                    expected.add(404);
                }
                default -> {
                    all.append(request("POST", "/api/actors/counter/" + prefix + i + "/messages", null, null, "{}"));
                    expected.add(401);
                }
            }
        }
        RawHttp.Exchange x = RawHttp.exchange(port, all.toString(), true, TIMEOUT);
        assertThat(x.responses().stream().map(RawHttp.Response::status).toList()).isEqualTo(expected);
        for (int i = 0; i < 60; i += 4) {
            assertThat(x.responses().get(i).bodyText()).contains("counter/" + prefix + i);
            assertThat(counterValue(prefix + i)).isEqualTo(i);
        }
        assertThat(counterValue(prefix + "never")).isZero();
    }

    @Test
    void http10IsServedAndClosesUnlessKeepAliveWasAsked() throws Exception {
        RawHttp.Exchange probe = RawHttp.exchange(port, "GET /health/ready HTTP/1.0\r\n\r\n", false, TIMEOUT);
        assertThat(probe.only().status()).isIn(200, 503);
        assertThat(probe.only().bodyText()).contains("\"status\"");
        assertThat(probe.closedByServer()).isTrue();

        try (RawHttp c = new RawHttp(port, TIMEOUT)) {
            c.write("GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response first = c.readResponse();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("connection")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("keep-alive"));
            String id = "http10-" + IDS.incrementAndGet();
            String body = "{\"type\":\"Increment\",\"payload\":{\"by\":7}}";
            c.write("POST /api/actors/counter/" + id + "/messages HTTP/1.0\r\nAuthorization: Bearer " + TestServers.WRITER
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawHttp.Response sent = c.readResponse();
            assertThat(sent.status()).as(sent.bodyText()).isEqualTo(202);
            assertThat(sent.saysClose()).isTrue();
            assertThat(c.serverCloses()).isTrue();
            assertThat(counterValue(id)).isEqualTo(7);
        }

        // HAProxy's default "option httpchk" request: answered with a 4xx, not a 5xx or a dropped connection.
        RawHttp.Exchange haproxy = RawHttp.exchange(port, "OPTIONS / HTTP/1.0\r\n\r\n", false, TIMEOUT);
        assertThat(haproxy.only().status()).isBetween(400, 499);

        // An early answer to an HTTP/1.0 request cannot run its body either.
        String id = "http10-smuggle-" + IDS.incrementAndGet();
        String inner = smuggled(id);
        RawHttp.Exchange early = RawHttp.exchange(port, "POST /api/actors/counter/x/messages HTTP/1.0\r\nConnection: "
                + "keep-alive\r\nContent-Length: " + inner.length() + "\r\n\r\n" + inner + CANARY.replace("HTTP/1.1",
                "HTTP/1.0"), true, TIMEOUT);
        assertThat(early.responses().stream().map(RawHttp.Response::status).toList()).containsExactly(401, 200);
        assertThat(counterValue(id)).isZero();
    }

    @Test
    void malformedHttpGetsA4xxWithAJsonBody() throws Exception {
        String body = "{\"type\":\"Increment\",\"payload\":{\"by\":1}}";
        String auth = "Authorization: Bearer " + TestServers.WRITER + "\r\n";
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("non-ASCII method", "GéT /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        cases.put("control character in method", "GET\u0001 /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        cases.put("tab in method", "P\tST /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        cases.put("body shorter than Content-Length", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Length: 500\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        cases.put("headers cut off", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Le")
                .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("bad chunk size", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("bad chunk terminator", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\nX\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("chunked body cut off", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\n100\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        cases.put("unsupported transfer coding", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("both Content-Length and chunked", ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] utf32 = ("POST /api/actors/counter/m1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] nul = new byte[utf32.length + 8];
        System.arraycopy(utf32, 0, nul, 0, utf32.length);
        nul[utf32.length + 3] = '{';
        nul[utf32.length + 7] = '}';
        cases.put("JSON body starting with NUL bytes (looks like UTF-32)", nul);
        cases.put("HTTP/2.0 request line", "GET /health HTTP/2.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        cases.put("HTTP/1.0 after HTTP/1.1 on one connection", ("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /health/live HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("HTTP/1.0 with Transfer-Encoding", ("POST /api/actors/counter/m1/messages HTTP/1.0\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("HTTP/1.0 with a bad Content-Length", ("POST /api/actors/counter/m1/messages HTTP/1.0\r\n" + auth
                + "Content-Length: 12x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("HTTP/1.0 body shorter than Content-Length", ("POST /api/actors/counter/m1/messages HTTP/1.0\r\n" + auth
                + "Content-Length: 300\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        cases.put("lone LF line ends", "GET /health HTTP/1.1\nHost: x\n\n".getBytes(StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            RawHttp.Exchange x = RawHttp.exchange(port, c.getValue(), true, TIMEOUT);
            assertThat(x.responses()).as(c.getKey()).isNotEmpty();
            RawHttp.Response last = x.responses().getLast();
            assertThat(last.status()).as(c.getKey() + ": " + last.bodyText()).isBetween(400, 499);
            assertThat(last.header("content-type")).as(c.getKey()).hasValueSatisfying(t -> assertThat(t).contains("json"));
            assertThat(last.bodyText()).as(c.getKey()).contains("\"error\"").contains("\"message\"");
            assertThat(x.closedByServer()).as(c.getKey()).isTrue();
        }
        assertThat(counterValue("m1")).isZero();
        RawHttp.Exchange brew = RawHttp.exchange(port, "BREW /api/actor-types HTTP/1.1\r\nHost: x\r\n\r\n", true, TIMEOUT);
        assertThat(brew.only().status()).isEqualTo(405);
        String metrics = http.get("/metrics").body();
        assertThat(metrics).as("a client cannot mint metric series with made-up methods")
                .contains("method=\"OTHER\"").doesNotContain("method=\"BREW\"");
        assertThat(metrics).as("malformed requests are counted as client errors")
                .containsPattern("http_server_errors_total\\{[^}]*route=\"unparsed\"[^}]*status=\"4xx\"");
        assertThat(metrics).as("and never as server errors").doesNotContainPattern("status=\"5xx\"");
    }

    @Test
    void unauthorizedAnswersCarryABearerChallenge() throws Exception {
        RawHttp.Exchange none = RawHttp.exchange(port, request("GET", "/api/actor-types", null, "close", ""), false, TIMEOUT);
        assertThat(none.only().status()).isEqualTo(401);
        assertThat(none.only().header("www-authenticate")).hasValue("Bearer realm=\"loom\"");
        RawHttp.Exchange bad = RawHttp.exchange(port, request("GET", "/api/actor-types", "wrong", "close", ""), false, TIMEOUT);
        assertThat(bad.only().status()).isEqualTo(401);
        assertThat(bad.only().header("www-authenticate")).hasValue("Bearer realm=\"loom\", error=\"invalid_token\"");
        RawHttp.Exchange scope = RawHttp.exchange(port, request("GET", "/api/admin/queues", TestServers.READER, "close", ""),
                false, TIMEOUT);
        assertThat(scope.only().status()).isEqualTo(403);
        assertThat(scope.only().header("www-authenticate"))
                .hasValue("Bearer realm=\"loom\", error=\"insufficient_scope\"");
    }
}
