package dev.loom.cli.runbook;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.json.Json;
import dev.loom.server.LoomServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server the runbook is run against: a production configuration file (SQLite in a temporary directory, an
 * admin token read from a {@code file:}) started on a free port with the example actors, plus what the test
 * needs to read its live state and to produce dead letters on demand.
 */
final class RunbookServer implements AutoCloseable {
    /** The example actor the runbook's {@code <type>/<id>} stands for. */
    static final String ACTOR_TYPE = "account";
    static final String ACTOR_ID = "acc-1";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final LoomServer server;
    private final String token;
    private final Path configFile;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger mailers = new AtomicInteger();

    private RunbookServer(LoomServer server, String token, Path configFile, Path dataDir) {
        this.server = server;
        this.token = token;
        this.configFile = configFile;
        this.dataDir = dataDir;
    }

    /** Writes {@code loom.yaml} and the token file into {@code dir} and starts the server on them. */
    static RunbookServer start(Path dir) throws IOException {
        String token = "runbook-admin-" + java.util.UUID.randomUUID().toString().replace("-", "");
        Path tokenFile = dir.resolve("loom-admin.token");
        Files.writeString(tokenFile, token + "\n");
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        Path config = dir.resolve("loom.yaml");
        Files.writeString(config, """
                env: production
                nodeId: runbook-node
                store: {type: sqlite, dataDir: "%s"}
                logging: {level: error, format: text}
                tracing: {keepRecent: true, retention: 7d}
                breakers:
                  named:
                    payment-gateway: {failureThreshold: 3, successThreshold: 1, openTimeout: 10m}
                tokens:
                  - {token: "file:%s", role: admin}
                """.formatted(dataDir, tokenFile));
        // The test's own traffic must not hit the rate limits; the email sender fails fast so letters arrive quickly.
        // A production server registers only the actors it is given: the runbook's are the examples.
        LoomServer server = LoomServer.builder().actors(new ExampleActors()).config(LoomConfig.load(Optional.of(config), Map.of(
                "LOOM_HTTP_PORT", "0",
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0",
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "0",
                "LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "2",
                "LOOM_ACTORS_EMAIL_SENDER_RETRY_INITIAL_DELAY", "10ms",
                "LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_DELAY", "50ms"))).start();
        return new RunbookServer(server, token, config, dataDir);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    String token() {
        return token;
    }

    Path configFile() {
        return configFile;
    }

    Path dataDir() {
        return dataDir;
    }

    /** GET with the admin token; the JSON body of a 200 answer. */
    JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }

    /** POST a JSON body with the admin token; fails unless the answer is 2xx. */
    void post(String path, String body) {
        postJson(path, body);
    }

    /** POST a JSON body with the admin token; the JSON body of a 2xx answer. */
    JsonNode postJson(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + path, e);
        }
    }

    /** The id of the newest kept trace of the runbook's actor. */
    String traceId() {
        JsonNode traces = get("/api/admin/traces?actor=" + ACTOR_TYPE + "/" + ACTOR_ID + "&limit=1").path("traces");
        if (traces.isEmpty()) {
            throw new IllegalStateException("the server keeps no trace of " + ACTOR_TYPE + "/" + ACTOR_ID);
        }
        return traces.get(0).path("traceId").asText();
    }

    long deadLetterCount() {
        return get("/api/admin/dead-letters?limit=1").path("total").asLong();
    }

    /** The first dead letter (by id); makes some first if there are none. */
    JsonNode firstDeadLetter() {
        if (deadLetterCount() == 0) {
            produceDeadLetters(2);
        }
        return get("/api/admin/dead-letters?limit=1").path("items").get(0);
    }

    /**
     * Makes {@code n} dead letters: the example mail transport fails every send while a fresh mailer gets
     * {@code n} emails, until all of them are dead-lettered; then the transport works again (the cause is fixed,
     * so a redrive delivers them).
     */
    void produceDeadLetters(int n) {
        String mailer = "runbook-mailer-" + mailers.incrementAndGet();
        long before = deadLetterCount();
        ExampleActors.transport().setFailureRate(1.0);
        try {
            for (int i = 0; i < n; i++) {
                post("/api/actors/email-sender/" + mailer + "/messages",
                        "{\"type\": \"SendEmail\", \"payload\": {\"to\": \"user" + i + "@example.com\", \"subject\": \"runbook\"}}");
            }
            await().atMost(WAIT).until(() -> deadLetterCount() >= before + n);
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
    }

    /** The accounts whose withdrawals wait for the payment gateway during the runbook's outage. */
    static final int OUTAGE_ACCOUNTS = 4;

    /**
     * Plays an outage of the payment gateway: takes the example gateway down and makes withdrawals from fresh
     * accounts until the {@code payment-gateway} breaker is open and the withdrawals wait for it (its open timeout
     * is ten minutes, so only a reset lets them through within the test).
     */
    void startPaymentOutage() {
        ExampleActors.gateway().setAvailable(false);
        for (int i = 0; i < OUTAGE_ACCOUNTS; i++) {
            String path = "/api/actors/" + ACTOR_TYPE + "/" + outageAccount(i) + "/messages";
            post(path, "{\"type\": \"Deposit\", \"payload\": {\"amount\": 100}}");
            post(path, "{\"type\": \"Withdraw\", \"payload\": {\"amount\": 40, \"reference\": \"" + outageAccount(i) + "\"}}");
        }
        await().atMost(WAIT).until(() -> "OPEN".equals(breakerState("payment-gateway"))
                && get("/metrics/circuit-breakers").path("breakers").findValues("notPermittedCalls").stream()
                        .anyMatch(n -> n.asLong() > 0));
    }

    /** The downstream service is healthy again (the operator checked it before resetting the breaker). */
    void endPaymentOutage() {
        ExampleActors.gateway().setAvailable(true);
    }

    /** Waits until every outage withdrawal has committed, and says how many charges the gateway made for them. */
    long awaitOutageWithdrawals() {
        await().atMost(WAIT).until(() -> {
            for (int i = 0; i < OUTAGE_ACCOUNTS; i++) {
                if (get("/api/actors/" + ACTOR_TYPE + "/" + outageAccount(i) + "/state").path("state").path("balance").asLong() != 60) {
                    return false;
                }
            }
            return true;
        });
        return ExampleActors.gateway().charges().stream().filter(c -> c.reference().startsWith("outage-")).count();
    }

    /** Messages waiting in the runbook actor type's queue. */
    long queueDepth() {
        for (JsonNode q : get("/api/admin/queues").path("queues")) {
            if (q.path("queue").asText().equals(ACTOR_TYPE)) {
                return q.path("depth").asLong();
            }
        }
        return 0;
    }

    long deadLetterCount(String queue) {
        return get("/api/admin/dead-letters?limit=1&queue=" + queue).path("total").asLong();
    }

    String breakerState(String name) {
        for (JsonNode b : get("/api/admin/circuit-breakers").path("breakers")) {
            if (b.path("name").asText().equals(name)) {
                return b.path("state").asText();
            }
        }
        return "absent";
    }

    private static String outageAccount(int i) {
        return "outage-" + i;
    }

    /** Waits until no message is waiting in any queue. */
    void awaitQueuesEmpty() {
        await().atMost(WAIT).until(() -> {
            for (JsonNode q : get("/api/admin/queues").path("queues")) {
                if (q.path("depth").asLong() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until {@code /health} says healthy (every partition held). */
    void awaitHealthy() {
        await().atMost(WAIT).until(() -> "healthy".equals(get("/health").path("status").asText()));
    }

    /** The traffic the runbook's commands look at: an account with a journal, a counter, dead letters. */
    void seed() {
        awaitHealthy();
        post("/api/actors/" + ACTOR_TYPE + "/" + ACTOR_ID + "/messages", "{\"type\": \"Deposit\", \"payload\": {\"amount\": 100}}");
        post("/api/actors/" + ACTOR_TYPE + "/" + ACTOR_ID + "/messages", "{\"type\": \"Deposit\", \"payload\": {\"amount\": 50}}");
        post("/api/actors/counter/c1/messages", "{\"type\": \"Increment\", \"payload\": {\"by\": 5}}");
        await().atMost(WAIT).ignoreExceptions().until(() ->
                get("/api/actors/" + ACTOR_TYPE + "/" + ACTOR_ID + "/state").path("seq").asLong() == 2);
        produceDeadLetters(3);
        awaitQueuesEmpty();
        post("/api/pipelines", payoutDefinition());
    }

    /** The pipeline the runbook's {@code <pipeline>} stands for, its approval stage and the stage that fails. */
    static final String PIPELINE = "payout";
    static final String APPROVAL_STAGE = "review";
    static final String FAILING_STAGE = "notify";

    /**
     * The definition of {@link #PIPELINE} in its JSON form: credit an account (compensated by a withdrawal), wait
     * for an approval, then email (which fails while the example mail transport does).
     */
    static String payoutDefinition() {
        return """
                {"name": "payout", "version": 1, "stages": [
                  {"kind": "single", "name": "credit",
                   "task": {"actorType": "account", "actorId": {"pointer": "/input/account"}, "messageType": "Deposit",
                            "input": {"amount": {"pointer": "/input/amount"}}},
                   "options": {"compensation": {"actorType": "account", "actorId": {"pointer": "/input/account"},
                               "messageType": "Withdraw", "input": {"amount": {"pointer": "/input/amount"},
                               "reference": {"literal": "payout-undo"}}}}},
                  {"kind": "human-approval", "name": "review", "dependsOn": ["credit"]},
                  {"kind": "single", "name": "notify", "dependsOn": ["review"],
                   "task": {"actorType": "email-sender", "actorId": {"pointer": "/input/account"}, "messageType": "SendEmail",
                            "input": {"to": {"literal": "ops@example.com"}, "subject": {"literal": "payout"}}}}]}""";
    }

    /** The status of run {@code id}. */
    String runStatus(String id) {
        return get("/api/pipeline-runs/" + id).path("status").asText();
    }

    /** A run of {@link #PIPELINE} waiting for approval; starts one when there is none. */
    String waitingRun() {
        JsonNode runs = get("/api/pipeline-runs?definition=" + PIPELINE + "&status=WAITING_APPROVAL&limit=1").path("runs");
        if (!runs.isEmpty()) {
            return runs.get(0).path("runId").asText();
        }
        String id = postJson("/api/pipelines/" + PIPELINE + "/runs", "{\"input\": {\"account\": \"runbook-payee-"
                + mailers.incrementAndGet() + "\", \"amount\": 5}}").path("runId").asText();
        await().atMost(WAIT).until(() -> runStatus(id).equals("WAITING_APPROVAL"));
        return id;
    }

    /** A paused run of {@link #PIPELINE}; pauses a waiting one when there is none. */
    String pausedRun() {
        JsonNode runs = get("/api/pipeline-runs?definition=" + PIPELINE + "&status=PAUSED&limit=1").path("runs");
        if (!runs.isEmpty()) {
            return runs.get(0).path("runId").asText();
        }
        String id = waitingRun();
        post("/api/pipeline-runs/" + id + "/pause", "{}");
        return id;
    }

    /**
     * A run of {@link #PIPELINE} whose {@link #FAILING_STAGE} failed with a dead-lettered task and was rolled back;
     * makes one when there is none (the mail transport fails while it is approved, then works again).
     */
    String failedRun() {
        for (JsonNode run : get("/api/pipeline-runs?definition=" + PIPELINE + "&status=COMPENSATED").path("runs")) {
            String id = run.path("runId").asText();
            if (FAILING_STAGE.equals(run.path("error").path("stage").asText()) && !runDeadLetters(id).isEmpty()) {
                return id;
            }
        }
        String id = waitingRun();
        ExampleActors.transport().setFailureRate(1.0);
        try {
            post("/api/pipeline-runs/" + id + "/stages/" + APPROVAL_STAGE + "/approve", "{\"by\": \"runbook\"}");
            await().atMost(WAIT).until(() -> runStatus(id).equals("COMPENSATED"));
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        return id;
    }

    /** The dead letters of run {@code id}'s failing stage. */
    JsonNode runDeadLetters(String id) {
        return get("/api/pipeline-runs/" + id + "/dead-letters?stage=" + FAILING_STAGE).path("items");
    }

    @Override
    public void close() {
        server.close();
    }
}
