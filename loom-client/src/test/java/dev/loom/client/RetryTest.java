package dev.loom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which failures are retried, and that a retried send reaches the actor exactly once. */
class RetryTest {
    @TempDir
    static Path dir;
    static RealServer server;

    @BeforeAll
    static void start() {
        server = RealServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LoomClient through(String url, int retries) {
        return LoomClient.builder().baseUrl(url).token(RealServer.ADMIN).retries(retries, Duration.ofMillis(50)).build();
    }

    @Test
    void aSendWhoseAnswerWasLostIsRetriedWithTheSameKeyAndJournaledOnce() throws IOException {
        ActorAddress c = ActorAddress.of("counter", "retry-1");
        Sent sent;
        try (DroppingProxy proxy = new DroppingProxy(server.port()); LoomClient client = through(proxy.url(), 2)) {
            sent = client.send(c, "Increment", Map.of("by", 7));
            assertThat(proxy.connections()).as("the first attempt was cut off, the second answered").isEqualTo(2);
        }
        assertThat(sent.deduplicated()).as("the retry found the first attempt's message by its key").isTrue();
        try (LoomClient admin = server.client(RealServer.ADMIN)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.state(c).seq() >= 1);
            JournalPage journal = admin.journal(c, 1, 100);
            assertThat(journal.entries()).hasSize(1);
            assertThat(journal.entries().getFirst().messageId()).isEqualTo(sent.messageId());
            assertThat(journal.entries().getFirst().idempotencyKey()).startsWith("loom-client-");
            assertThat(admin.state(c).state().path("value").asLong()).isEqualTo(7);
        }
    }

    @Test
    void withoutRetriesASendWithoutAKeyIsNotRepeated() throws IOException {
        ActorAddress c = ActorAddress.of("counter", "retry-2");
        try (DroppingProxy proxy = new DroppingProxy(server.port()); LoomClient client = through(proxy.url(), 0)) {
            assertThatThrownBy(() -> client.send(c, "Increment", Map.of("by", 1)))
                    .isInstanceOf(ServerUnreachableException.class);
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void aRedriveThatMayHaveReachedTheServerIsNotRepeated() throws IOException {
        try (DroppingProxy proxy = new DroppingProxy(server.port()); LoomClient client = through(proxy.url(), 3)) {
            assertThatThrownBy(() -> client.redrive(DeadLetterSelection.all()))
                    .isInstanceOf(ServerUnreachableException.class);
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void aReadWhoseAnswerWasLostIsRetried() throws IOException {
        try (DroppingProxy proxy = new DroppingProxy(server.port()); LoomClient client = through(proxy.url(), 1)) {
            assertThat(client.state(ActorAddress.of("counter", "retry-3")).seq()).isZero();
            assertThat(proxy.connections()).isEqualTo(2);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedAsUnreachable() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        long started = System.nanoTime();
        try (LoomClient client = through("http://127.0.0.1:" + free, 2)) {
            assertThatThrownBy(() -> client.redrive(DeadLetterSelection.all()))
                    .isInstanceOfSatisfying(ServerUnreachableException.class, e -> {
                        assertThat(e.reason()).isEqualTo("connection refused");
                        assertThat(e.getMessage()).isEqualTo("cannot reach the Loom server at http://127.0.0.1:" + free
                                + " (connection refused)");
                    });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two pauses of 50 and 100 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void a503WithRetryAfterIsRetriedWithTheSameKeyButA429IsNot() throws IOException {
        List<String> keys = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/api/actors/counter/c1/messages", ex -> {
            ex.getRequestBody().readAllBytes();
            keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean first = calls.getAndIncrement() == 0;
            String body = first ? "{\"error\":\"unavailable\",\"message\":\"draining\"}"
                    : "{\"messageId\":\"m-1\",\"actor\":\"counter/c1\",\"deduplicated\":false}";
            if (first) {
                ex.getResponseHeaders().add("Retry-After", "0");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(first ? 503 : 202, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        stub.createContext("/api/admin/queues", ex -> {
            calls.incrementAndGet();
            byte[] bytes = "{\"error\":\"rate_limited\",\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Retry-After", "7");
            ex.sendResponseHeaders(429, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        stub.start();
        try (LoomClient client = through("http://127.0.0.1:" + stub.getAddress().getPort(), 2)) {
            Sent sent = client.send(ActorAddress.of("counter", "c1"), "Increment", Map.of("by", 1));
            assertThat(sent.messageId()).isEqualTo("m-1");
            assertThat(keys).hasSize(2).doesNotContainNull();
            assertThat(keys.get(1)).isEqualTo(keys.get(0));

            calls.set(0);
            assertThatThrownBy(client::queues).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7)));
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            stub.stop(0);
        }
    }
}
