package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics event stream at the wire, on a raw socket: a ticket obtained with the bearer token opens one stream;
 * the response is chunked {@code text/event-stream} whose events are {@code id:}, {@code event: sample} and a
 * {@code data:} line valid against the sample schema of the OpenAPI document, and their numbers follow the
 * messages sent meanwhile. Refusals are 401 with the bearer challenge and a JSON body: no ticket, an unknown one, a
 * used one, and a bearer token given where the ticket goes.
 */
class EventStreamTest {
    private static final String R = TestServers.READER;

    @Test
    void aTicketOpensOneStreamOfSamplesFramedAsServerSentEvents(@TempDir Path dir) throws Exception {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            OpenApiContractTest.Contract contract = new OpenApiContractTest.Contract(server.port());
            JsonNode sampleSchema = contract.doc.path("paths").path("/api/metrics/history").path("get")
                    .path("responses").path("200").path("content").path("application/json").path("schema")
                    .path("properties").path("samples").path("items");
            assertThat(sampleSchema.isObject()).isTrue();
            String ticket = ticket(http);

            try (Stream stream = Stream.open(server.port(), "/api/events/stream?ticket=" + ticket)) {
                assertThat(stream.status).isEqualTo(200);
                assertThat(stream.headers.get("content-type")).isEqualTo("text/event-stream");
                assertThat(stream.headers.get("transfer-encoding")).isEqualTo("chunked");
                assertThat(stream.headers.get("cache-control")).isEqualTo("no-store");
                assertThat(stream.headers).doesNotContainKey("content-length");
                assertThat(stream.nextEvent(Duration.ofSeconds(10))).containsEntry("retry", "2000");

                long lastSeq = 0;
                for (int i = 0; i < 2; i++) {
                    Map<String, String> e = stream.nextEvent(Duration.ofSeconds(10));
                    assertThat(e).containsEntry("event", "sample").containsKeys("id", "data");
                    contract.assertValid("sample event", sampleSchema, e.get("data"));
                    JsonNode sample = OpenApiContractTest.MAPPER.readTree(e.get("data"));
                    assertThat(Long.parseLong(e.get("id"))).isEqualTo(sample.path("seq").asLong()).isGreaterThan(lastSeq);
                    lastSeq = sample.path("seq").asLong();
                }
                for (int i = 0; i < 30; i++) {
                    assertThat(http.post("/api/actors/counter/sse-" + i + "/messages", TestServers.WRITER,
                            "{\"type\":\"Increment\",\"payload\":{\"by\":1}}").status()).isEqualTo(202);
                }
                boolean sawAccepted = false;
                for (int i = 0; i < 5 && !sawAccepted; i++) {
                    JsonNode sample = OpenApiContractTest.MAPPER.readTree(stream.nextEvent(Duration.ofSeconds(10)).get("data"));
                    sawAccepted = sample.path("messagesPerSecond").path("accepted").asDouble() > 0;
                }
                assertThat(sawAccepted).as("a sample after the sends counts them").isTrue();
            }

            Http.Response reused = http.get("/api/events/stream?ticket=" + ticket);
            assertRefused(reused, "already used");
        }
    }

    @Test
    void withoutAValidTicketTheStreamIsRefusedWith401(@TempDir Path dir) throws Exception {
        try (LoomServer server = TestServers.sqlite(dir)) {
            Http http = new Http(server.port());
            assertRefused(http.get("/api/events/stream"), "needs a 'ticket'");
            assertRefused(http.get("/api/events/stream?ticket=nope"), "unknown");
            assertRefused(http.get("/api/events/stream?ticket=" + R), "unknown");
            assertRefused(http.get("/api/events/stream", TestServers.ADMIN), "needs a 'ticket'");
            Http.Response noToken = http.post("/api/events/tickets", null, null);
            assertThat(noToken.status()).isEqualTo(401);

            try (Stream raw = Stream.open(server.port(), "/api/events/stream?ticket=forged")) {
                assertThat(raw.status).isEqualTo(401);
                assertThat(raw.headers.get("content-type")).isEqualTo("application/json");
                assertThat(raw.headers.get("www-authenticate")).contains("error=\"invalid_token\"");
            }
        }
    }

    @Test
    void aStreamEndsWithAnEndEventWhenTheServerDrains(@TempDir Path dir) throws Exception {
        LoomServer server = TestServers.sqlite(dir);
        Http http = new Http(server.port());
        try (Stream stream = Stream.open(server.port(), "/api/events/stream?ticket=" + ticket(http))) {
            assertThat(stream.status).isEqualTo(200);
            stream.nextEvent(Duration.ofSeconds(10));
            Thread closer = Thread.ofVirtual().start(server::close);
            Map<String, String> e;
            do {
                e = stream.nextEvent(Duration.ofSeconds(20));
            } while ("sample".equals(e.get("event")));
            assertThat(e).containsEntry("event", "end").containsEntry("data", "{\"reason\":\"draining\"}");
            closer.join(Duration.ofSeconds(60));
            assertThat(closer.isAlive()).as("the server stopped with a stream open").isFalse();
        } finally {
            server.close();
        }
    }

    private static String ticket(Http http) {
        Http.Response r = http.post("/api/events/tickets", R, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("ticket").asText();
    }

    private static void assertRefused(Http.Response r, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer realm=\"loom\"").contains("error=\"invalid_token\""));
        assertThat(r.json().path("message").asText()).contains(why);
    }

    /** A GET on a raw socket whose chunked body is read event by event as it arrives. */
    private static final class Stream implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int consumed;

        private Stream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            String statusLine = line();
            this.status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }

        static Stream open(int port, String path) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new Stream(s);
        }

        /** The next event's fields (a field repeated keeps its last value; comment lines are skipped). */
        Map<String, String> nextEvent(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = body.toString(StandardCharsets.UTF_8).substring(consumed);
                int end = text.indexOf("\n\n");
                if (end >= 0) {
                    consumed += text.substring(0, end + 2).getBytes(StandardCharsets.UTF_8).length;
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String l : text.substring(0, end).split("\n")) {
                        if (l.startsWith(":")) {
                            continue;
                        }
                        int colon = l.indexOf(':');
                        fields.put(l.substring(0, colon), l.substring(colon + 1).stripLeading());
                    }
                    if (fields.isEmpty()) {
                        continue;
                    }
                    return fields;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no complete event within " + timeout + "; got so far: " + text);
                }
                readChunk();
            }
        }

        private void readChunk() throws IOException {
            String size = line();
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                throw new AssertionError("the stream ended (last chunk) after: " + body.toString(StandardCharsets.UTF_8));
            }
            body.write(in.readNBytes(n));
            assertThat(line()).as("CRLF after a chunk").isEmpty();
        }

        private String line() throws IOException {
            ByteArrayOutputStream l = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server sent nothing for 20 s after: " + l, e);
                }
                if (b < 0) {
                    throw new AssertionError("the connection closed after: " + l);
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = l.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
                }
                l.write(b);
                prev = b;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
