package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.testing.ChildServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load: the server exits 0 within the drain timeout, and after a restart on the same SQLite
 * file every message that was answered 202 is committed: each counter equals the number of its 202s.
 */
class GracefulShutdownTest {
    static final int ACTORS = 4;

    @Test
    void sigtermDrainsAndLosesNoAcceptedMessage(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir));
        env.put("LOOM_NODE_ID", "node-graceful");
        env.put("LOOM_RUNTIME_DRAIN_TIMEOUT", "20s");
        env.put("LOG_LEVEL", "info");
        AtomicLongArray accepted = new AtomicLongArray(ACTORS);
        AtomicInteger refused = new AtomicInteger();
        int exit;
        try (ChildServer child = ChildServer.start(env)) {
            Http http = new Http(child.port());
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < ACTORS; t++) {
                int actor = t;
                senders.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            Http.Response r = http.post("/api/actors/counter/g" + actor + "/messages", TestServers.WRITER,
                                    "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
                            if (r.status() == 202) {
                                accepted.incrementAndGet(actor);
                            } else {
                                assertThat(r.status()).as(r.body()).isEqualTo(503);
                                refused.incrementAndGet();
                            }
                        } catch (java.io.UncheckedIOException e) {
                            return;
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> total(accepted) >= 200);
            child.terminate();
            exit = child.awaitExit(60);
            stop.set(true);
            for (Thread s : senders) {
                s.join(30_000);
            }
            assertThat(child.stdout()).anyMatch(l -> l.contains("draining"));
        }
        assertThat(exit).isZero();
        assertThat(total(accepted)).isGreaterThanOrEqualTo(200);

        try (ChildServer again = ChildServer.start(env)) {
            Http http = new Http(again.port());
            for (int a = 0; a < ACTORS; a++) {
                long expected = accepted.get(a);
                String path = "/api/actors/counter/g" + a + "/state";
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> http.get(path, TestServers.READER).json().path("state").path("value").asLong() >= expected);
                assertThat(http.get(path, TestServers.READER).json().path("state").path("value").asLong())
                        .as("counter g" + a).isEqualTo(expected);
            }
            again.terminate();
            assertThat(again.awaitExit(60)).isZero();
        }
    }

    private static long total(AtomicLongArray a) {
        long sum = 0;
        for (int i = 0; i < a.length(); i++) {
            sum += a.get(i);
        }
        return sum;
    }
}
