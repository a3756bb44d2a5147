package dev.loom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.examples.ExampleActors;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus exposition of a real SQLite server: it passes {@code promtool check metrics} after traffic of
 * every kind, and the queue gauges the runbook's alerts use exist from the start for every actor type.
 */
class MetricsExpositionTest {
    private static final List<String> EXAMPLE_TYPES = List.of("counter", "account", "email-sender", "reminder");

    @Test
    void queueGaugesExistAtZeroForEveryActorTypeRightAfterStart(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir)) {
            String metrics = new Http(server.port()).get("/metrics").body();
            for (String type : EXAMPLE_TYPES) {
                assertThat(metrics.lines()).as("queue gauges of %s", type)
                        .contains("loom_queue_depth{queue=\"" + type + "\"} 0.0")
                        .contains("loom_queue_oldest_age_seconds{queue=\"" + type + "\"} 0.0");
            }
        }
    }

    @Test
    void theExpositionPassesPromtoolAfterSendsErrorsDeadLettersAndAnOpenStepBreaker(@TempDir Path dir) throws Exception {
        Path promtool = promtool();
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_BREAKERS_NAMED_PAYMENT_GATEWAY_FAILURE_THRESHOLD", "2"))) {
            Http http = new Http(server.port());
            postponeWithdrawals(http);
            for (int i = 0; i < 40; i++) {
                assertThat(http.post("/api/actors/email-sender/e" + i + "/messages", TestServers.WRITER,
                        "{\"type\":\"SendEmail\",\"payload\":{\"to\":\"u" + i + "@example.com\",\"subject\":\"hi\"}}")
                        .status()).isEqualTo(202);
            }
            deadLetterOneEmail(http);
            http.post("/api/actors/counter/c1/messages", TestServers.WRITER, "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
            http.post("/api/actors/counter/c2/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"PT1H\"}");
            assertThat(http.get("/api/actors/nosuch/x/state", TestServers.READER).status()).isEqualTo(404);
            assertThat(http.get("/api/actor-types", "not-a-token").status()).isEqualTo(401);
            assertThat(http.post("/api/pipelines", TestServers.ADMIN, """
                    {"name": "metered", "version": 1, "stages": [{"kind": "single", "name": "count",
                      "task": {"actorType": "counter", "actorId": {"literal": "p1"}, "messageType": "Increment",
                               "input": {"by": {"literal": 1}}}}]}""").status()).isEqualTo(201);
            assertThat(http.post("/api/pipelines/metered/runs", TestServers.WRITER, "{}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/metrics").body()
                    .contains("loom_pipeline_runs{pipeline=\"metered\",status=\"SUCCEEDED\"} 1.0"));

            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("loom_messages_total{", "loom_messages_postponed_total{", "http_server_requests_seconds_bucket{",
                    "loom_pipeline_runs_running ", "loom_pipeline_approvals_waiting ",
                    "process_cpu_seconds_total ", "system_cpus ").doesNotContain("process_cpu_time_ns", "system_cpu_count");
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, metrics);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(report).as("promtool check metrics found problems").isEmpty();
            assertThat(check.exitValue()).as("promtool exit; output: %s", report).isZero();
        }
    }

    /**
     * Sends an email while the example transport fails every one, and waits for its dead letter. The transport fails
     * a share of message ids (by hash) that is 0.1 by default, so the 40 emails above dead-letter none about one time
     * in 70, and another test may have set the share to 0.
     */
    private static void deadLetterOneEmail(Http http) {
        double rate = ExampleActors.transport().failureRate();
        ExampleActors.transport().setFailureRate(1.0);
        try {
            assertThat(http.post("/api/actors/email-sender/always-fails/messages", TestServers.WRITER,
                    "{\"type\":\"SendEmail\",\"payload\":{\"to\":\"dead@example.com\",\"subject\":\"hi\"}}")
                    .status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/metrics").body().lines()
                    .anyMatch(l -> l.startsWith("loom_dead_letters ") && !l.equals("loom_dead_letters 0.0")));
        } finally {
            ExampleActors.transport().setFailureRate(rate);
        }
    }

    /** Takes the example payment gateway down until its breaker opens and withdrawals wait for it; then brings it back. */
    private static void postponeWithdrawals(Http http) {
        ExampleActors.gateway().setAvailable(false);
        try {
            for (int i = 0; i < 3; i++) {
                String path = "/api/actors/account/m" + i + "/messages";
                http.post(path, TestServers.WRITER, "{\"type\":\"Deposit\",\"payload\":{\"amount\":10}}");
                http.post(path, TestServers.WRITER, "{\"type\":\"Withdraw\",\"payload\":{\"amount\":1,\"reference\":\"m" + i + "\"}}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/metrics").body().contains("loom_messages_postponed_total{"));
        } finally {
            ExampleActors.gateway().setAvailable(true);
        }
    }

    /**
     * promtool from the PATH. Missing, this test fails on CI (which installs it: Debian's {@code prometheus}
     * package) and is skipped elsewhere, saying how to get it.
     */
    private static Path promtool() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        String missing = "promtool is not on the PATH; install it (apt-get install prometheus) to lint /metrics";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing + " (CI=true, where .ci/run installs it)");
        }
        Assumptions.assumeTrue(found.isPresent(), missing);
        return found.get();
    }
}
