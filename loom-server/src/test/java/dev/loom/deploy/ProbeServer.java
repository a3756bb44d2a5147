package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real server (SQLite, the example actors) against which the paths named by the deployment files are
 * checked: a probe or scrape path is right only if this server answers it with 200 and no token.
 */
final class ProbeServer implements AutoCloseable {
    private final LoomServer server;
    private final Http http;

    ProbeServer(Path dir) {
        server = TestServers.sqlite(dir);
        http = new Http(server.port());
        // Readiness needs the partitions held; give the fresh node the moment it takes.
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/health/ready").status() == 200);
    }

    /** Asserts that {@code path} answers 200 without a token, as a kubelet, Docker or Prometheus asks it. */
    void assertAnswersWithoutToken(String path, String usedBy) {
        assertThat(path).as(usedBy + ": a path, not a URL").startsWith("/");
        Http.Response r = http.get(path);
        assertThat(r.status()).as(usedBy + ": GET " + path + " on a running server, without a token").isEqualTo(200);
    }

    /** The Prometheus text of {@code /metrics} once a message waits in the counter actor's queue (a timer due in an hour). */
    String metricsAfterTraffic() {
        Http.Response sent = http.post("/api/actors/counter/deploy-1/messages", TestServers.WRITER,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}");
        assertThat(sent.status()).as("send: %s", sent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").body().contains("loom_queue_depth{"));
        return http.get("/metrics").body();
    }

    @Override
    public void close() {
        server.close();
    }
}
