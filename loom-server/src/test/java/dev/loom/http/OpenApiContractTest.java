package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.loom.server.LoomServer;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real responses of every route, success and error, validate against the schemas the served OpenAPI document
 * declares for that route and status, carry the headers it declares required, and use only declared statuses.
 * Every documented (operation, status) pair is exercised, except the few {@link #NOT_EXERCISED} lists with
 * their reasons, so a new route or status without a case here fails the test.
 */
class OpenApiContractTest {
    static final String BODY_LIMIT = "4KiB";
    static final int BODY_LIMIT_BYTES = 4096;
    static final String SCOPED_READER = "scoped-reader-0123456789abcdef0123456789";
    static final String A = TestServers.ADMIN;
    static final String W = TestServers.WRITER;
    static final String R = TestServers.READER;

    /** Documented pairs this test does not produce, each with the reason. */
    static final Map<Predicate<String>, String> NOT_EXERCISED = Map.of(
            pair -> pair.endsWith(" 503"), "503 needs a store outage or a draining server (ReadinessTest and"
                    + " GracefulShutdownTest cover those)",
            pair -> pair.equals("POST /api/admin/actors/{type}/{id}/snapshot 409"), "a snapshot conflicts only when"
                    + " the partition is lost or the write is rejected mid-way",
            pair -> pair.equals("GET /api/events/stream 200"), "the stream does not end while the client listens;"
                    + " EventStreamTest reads it at the wire and checks each event against the sample schema",
            pair -> pair.contains("/api/pipeline") && pair.endsWith(" 504"), "a pipeline operation times out only when"
                    + " its run actor does not answer within the runtime's pipeline timeout (a stalled partition)");

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyRouteAnswersAsDocumented(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("loom.yaml");
        Files.writeString(yaml, """
                tokens:
                  - token: %s
                    role: admin
                  - token: %s
                    role: writer
                  - token: %s
                    role: reader
                  - token: %s
                    role: reader
                    scope:
                      actorTypes: [account]
                """.formatted(A, W, R, SCOPED_READER));
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir.resolve("main")));
        env.remove("LOOM_TOKENS");
        env.put("LOOM_HTTP_BODY_LIMIT", BODY_LIMIT);
        env.put("LOOM_ACTORS_ACCOUNT_RETRY_MAX_ATTEMPTS", "1");
        env.put("LOOM_ACTORS_COUNTER_RETAIN_JOURNAL", "true");
        env.put("LOOM_TRACING_KEEP_RECENT", "true");
        Contract c;
        try (LoomServer server = TestServers.start(yaml, env)) {
            c = new Contract(server.port());
            probesAndDocument(c);
            actors(c);
            deadLetters(c);
            operations(c);
            pipelines(c);
            backups(c, dir);
            authenticationAndAuthorization(c);
            bodyLimitAndMalformedBodies(c);
            queryParameterBounds(c);
            unroutedRequests(c);
        }
        try (LoomServer limited = TestServers.sqlite(dir.resolve("limited"), Map.of(
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0.001", "LOOM_RATE_LIMITS_PER_CLIENT_BURST", "1",
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "0.001", "LOOM_RATE_LIMITS_PER_TOKEN_BURST", "1"))) {
            rateLimits(c.on(limited.port()));
        }
        Set<String> missing = new TreeSet<>(c.declared());
        missing.removeAll(c.exercised);
        missing.removeIf(pair -> NOT_EXERCISED.keySet().stream().anyMatch(p -> p.test(pair)));
        assertThat(missing).as("documented (operation, status) pairs no case exercises").isEmpty();
    }

    private static void probesAndDocument(Contract c) {
        c.expect("GET", "/health", "/health", null, 200);
        c.expect("GET", "/health/live", "/health/live", null, 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> c.send("GET", "/health/ready", null, null, null,
                Map.of()).statusCode() == 200);
        c.expect("GET", "/health/ready", "/health/ready", null, 200);
        c.expect("GET", "/metrics", "/metrics", null, 200);
        c.expect("GET", "/metrics/circuit-breakers", "/metrics/circuit-breakers", null, 200);
        c.expect("GET", "/api/openapi.json", "/api/openapi.json", null, 200);
    }

    private static void actors(Contract c) {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "/api/actors/counter/" + id;
        c.expect("GET", "/api/actor-types", "/api/actor-types", R, 200);
        for (int i = 0; i < 3; i++) {
            c.expectJson("POST", "/api/actors/{type}/{id}/messages", base + "/messages", W,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":1}}", Map.of("Idempotency-Key", id + "-" + i,
                            "traceparent", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"), 202);
        }
        c.expectJson("POST", "/api/actors/{type}/{id}/ask", base + "/ask?timeout=20s", W, "{\"type\":\"Get\"}", Map.of(),
                200);
        c.expectJson("POST", "/api/actors/{type}/{id}/ask", base + "/ask?timeout=300ms", W,
                "{\"type\":\"Get\",\"delay\":\"PT30S\"}", Map.of(), 504);
        c.expectJson("POST", "/api/actors/{type}/{id}/messages", "/api/actors/nosuchtype/x/messages", W,
                "{\"type\":\"Get\"}", Map.of(), 404);
        c.expectJson("POST", "/api/actors/{type}/{id}/ask", "/api/actors/nosuchtype/x/ask", W, "{\"type\":\"Get\"}",
                Map.of(), 404);
        c.expectJson("POST", "/api/actors/{type}/{id}/messages", base + "/messages", W, "{\"type\":\"Nope\"}", Map.of(),
                400);
        c.expectJson("POST", "/api/actors/{type}/{id}/ask", base + "/ask", W, "{\"type\":\"Get\"}",
                Map.of("traceparent", "garbage"), 400);
        String acct = "a-" + UUID.randomUUID().toString().substring(0, 8);
        // A non-positive deposit throws in the handler; with one attempt it is dead-lettered at once.
        c.expectJson("POST", "/api/actors/{type}/{id}/ask", "/api/actors/account/" + acct + "/ask?timeout=20s", W,
                "{\"type\":\"Deposit\",\"payload\":{\"amount\":-1}}", Map.of(), 409);

        c.expect("GET", "/api/actors/{type}/{id}/state", base + "/state", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/state", base + "/state?at=1", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/state", base + "/state?at=999", R, 404);
        c.expect("GET", "/api/actors/{type}/{id}/state", "/api/actors/nosuchtype/x/state", R, 404);
        c.expect("GET", "/api/actors/{type}/{id}/state", "/api/actors/counter/bad%20id/state", R, 400);
        c.expect("GET", "/api/actors/{type}/{id}/journal", base + "/journal", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/journal", base + "/journal?limit=1", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/journal", "/api/actors/nosuchtype/x/journal", R, 404);
        c.expect("GET", "/api/actors/{type}/{id}/replay", base + "/replay", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/replay", base + "/replay?from=3&to=1", R, 200);
        c.expect("GET", "/api/actors/{type}/{id}/replay", base + "/replay?from=1&to=5000", R, 400);
        c.expect("GET", "/api/actors/{type}/{id}/replay", "/api/actors/nosuchtype/x/replay", R, 404);
        c.expect("GET", "/api/actors/{type}", "/api/actors/counter", R, 200);
        c.expect("GET", "/api/actors/{type}", "/api/actors/counter?limit=1", R, 200);
        c.expect("GET", "/api/actors/{type}", "/api/actors/nosuchtype", R, 404);
        c.expect("GET", "/api/actors/{type}", "/api/actors/Bad", R, 400);
        JsonNode byPrefix = c.expect("GET", "/api/actors/{type}", "/api/actors/counter?prefix=" + id.substring(0, 4), R,
                200);
        List<String> prefixed = new ArrayList<>();
        byPrefix.path("ids").forEach(n -> prefixed.add(n.asText()));
        assertThat(prefixed).contains(id).allMatch(i -> i.startsWith(id.substring(0, 4)));
        c.expect("GET", "/api/actors/{type}", "/api/actors/counter?prefix=" + "x".repeat(201), R, 400);
        JsonNode messageTypes = c.expect("GET", "/api/actor-types/{type}/message-types",
                "/api/actor-types/counter/message-types", R, 200);
        assertThat(messageTypes.path("messageTypes").get(0).path("fields").get(0).path("name").asText()).isEqualTo("by");
        c.expect("GET", "/api/actor-types/{type}/message-types", "/api/actor-types/nosuchtype/message-types", R, 404);
        c.expect("GET", "/api/actor-types/{type}/message-types", "/api/actor-types/Bad/message-types", R, 400);
        c.expectJson("POST", "/api/actors/{type}/{id}/messages", base + "/messages", W,
                "{\"type\":\"Increment\",\"payload\":{\"by\":1},\"delay\":\"1h\"}", Map.of(), 202);
        JsonNode timers = c.expect("GET", "/api/admin/actors/{type}/{id}/timers", "/api/admin/actors/counter/" + id
                + "/timers", A, 200);
        assertThat(timers.path("timers").findValuesAsText("messageType")).as("the delayed Get and Increment")
                .containsExactly("Get", "Increment");
        c.expect("GET", "/api/admin/actors/{type}/{id}/timers", "/api/admin/actors/nosuchtype/x/timers", A, 404);
        c.expect("GET", "/api/admin/actors/{type}/{id}/timers", "/api/admin/actors/counter/bad%20id/timers", A, 400);

        String admin = "/api/admin/actors/counter/" + id;
        c.expectJson("POST", "/api/admin/actors/{type}/{id}/trim", admin + "/trim", A, "{\"upToSeq\":3}", Map.of(), 409);
        c.expect("POST", "/api/admin/actors/{type}/{id}/snapshot", admin + "/snapshot", A, 200);
        c.expect("POST", "/api/admin/actors/{type}/{id}/snapshot", "/api/admin/actors/nosuchtype/x/snapshot", A, 404);
        c.expect("POST", "/api/admin/actors/{type}/{id}/snapshot", "/api/admin/actors/counter/bad%20id/snapshot", A,
                400);
        c.expectJson("POST", "/api/admin/actors/{type}/{id}/trim", admin + "/trim", A, "{\"upToSeq\":3}", Map.of(), 200);
        c.expectJson("POST", "/api/admin/actors/{type}/{id}/trim", "/api/admin/actors/nosuchtype/x/trim", A,
                "{\"upToSeq\":1}", Map.of(), 404);
        // The journal before the snapshot is gone: the state as of an earlier seq can no longer be folded.
        c.expect("GET", "/api/actors/{type}/{id}/state", base + "/state?at=1", R, 409);
        c.expect("GET", "/api/actors/{type}/{id}/replay", base + "/replay?from=1", R, 409);
    }

    private static void deadLetters(Contract c) {
        String acct = "d-" + UUID.randomUUID().toString().substring(0, 8);
        c.expectJson("POST", "/api/actors/{type}/{id}/messages", "/api/actors/account/" + acct + "/messages", W,
                "{\"type\":\"Deposit\",\"payload\":{\"amount\":-1}}", Map.of(), 202);
        String list = "/api/admin/dead-letters?actorId=" + acct;
        JsonNode items = await().atMost(Duration.ofSeconds(20)).until(
                () -> c.expect("GET", "/api/admin/dead-letters", list, A, 200).path("items"), i -> i.size() == 1);
        String dl = items.get(0).path("id").asText();
        c.expect("GET", "/api/admin/dead-letters", "/api/admin/dead-letters?limit=1&queue=account", A, 200);
        JsonNode recent = c.expect("GET", "/api/admin/dead-letters", list + "&failedAfter=2000-01-01T00:00:00Z"
                + "&failedBefore=2999-01-01T00:00:00Z", A, 200);
        assertThat(recent.path("items")).hasSize(1);
        assertThat(c.expect("GET", "/api/admin/dead-letters", list + "&failedBefore=2000-01-01T00:00:00Z", A, 200)
                .path("total").asLong()).isZero();
        assertThat(c.expect("GET", "/api/admin/dead-letters", list + "&sender=nobody/x", A, 200).path("items")).isEmpty();
        c.expect("GET", "/api/admin/dead-letters", list + "&failedAfter=yesterday", A, 400);
        c.expect("GET", "/api/admin/dead-letters", list + "&failedAfter=2030-01-02T00:00:00Z"
                + "&failedBefore=2030-01-01T00:00:00Z", A, 400);
        c.expect("GET", "/api/admin/dead-letters/{id}", "/api/admin/dead-letters/" + dl, A, 200);
        c.expect("GET", "/api/admin/dead-letters/{id}", "/api/admin/dead-letters/nope", A, 404);
        c.expectJson("POST", "/api/admin/dead-letters/redrive", "/api/admin/dead-letters/redrive", A,
                "{\"ids\":[\"" + dl + "\"]}", Map.of(), 200);
        c.expectJson("POST", "/api/admin/dead-letters/redrive", "/api/admin/dead-letters/redrive", A,
                "{\"filter\":{}}", Map.of(), 400);
        String again = await().atMost(Duration.ofSeconds(20)).until(
                () -> c.expect("GET", "/api/admin/dead-letters", list, A, 200).path("items"),
                i -> i.size() == 1).get(0).path("id").asText();
        c.expect("DELETE", "/api/admin/dead-letters/{id}", "/api/admin/dead-letters/" + again, A, 200);
        c.expect("DELETE", "/api/admin/dead-letters/{id}", "/api/admin/dead-letters/" + again, A, 404);
        c.expectJson("POST", "/api/admin/dead-letters/purge", "/api/admin/dead-letters/purge", A,
                "{\"filter\":{\"actorId\":\"" + acct + "\"}}", Map.of(), 200);
        c.expectJson("POST", "/api/admin/dead-letters/purge", "/api/admin/dead-letters/purge", A, "{\"all\":false}",
                Map.of(), 400);
    }

    private static void operations(Contract c) {
        c.expect("GET", "/api/admin/queues", "/api/admin/queues", A, 200);
        JsonNode breakers = c.expect("GET", "/api/admin/circuit-breakers", "/api/admin/circuit-breakers", A, 200);
        String name = breakers.path("breakers").get(0).path("name").asText();
        c.expect("POST", "/api/admin/circuit-breakers/{name}/reset", "/api/admin/circuit-breakers/" + name + "/reset",
                A, 200);
        c.expect("POST", "/api/admin/circuit-breakers/{name}/reset", "/api/admin/circuit-breakers/nope/reset", A, 404);
        c.expect("GET", "/api/admin/cache/stats", "/api/admin/cache/stats", A, 200);
        c.expectJson("POST", "/api/admin/cache/clear", "/api/admin/cache/clear", A, "{\"pattern\":\"counter/*\"}",
                Map.of(), 200);
        c.expectJson("POST", "/api/admin/cache/clear", "/api/admin/cache/clear", A, "{\"pattern\":\"\"}", Map.of(), 400);
        c.expectJson("POST", "/api/admin/cache/warm", "/api/admin/cache/warm", A, "{\"actors\":[\"counter/w1\"]}",
                Map.of(), 200);
        c.expectJson("POST", "/api/admin/cache/warm", "/api/admin/cache/warm", A, "{\"actors\":[\"no slash\"]}",
                Map.of(), 400);
        c.expect("GET", "/api/admin/performance/slow", "/api/admin/performance/slow?window=PT1H", A, 200);
        c.expect("GET", "/api/admin/performance/slow", "/api/admin/performance/slow", A, 200);
        c.expect("GET", "/api/admin/partitions", "/api/admin/partitions", A, 200);
        c.expect("GET", "/api/admin/info", "/api/admin/info", A, 200);
        c.expect("GET", "/api/metrics/history", "/api/metrics/history", R, 200);
        c.expect("GET", "/api/metrics/history", "/api/metrics/history?after=1", R, 200);
        c.expect("GET", "/api/token", "/api/token", R, 200);
        c.expect("GET", "/api/token", "/api/token", SCOPED_READER, 200);
        String ticket = c.expect("POST", "/api/events/tickets", "/api/events/tickets", R, 200).path("ticket").asText();
        assertThat(ticket).hasSizeGreaterThanOrEqualTo(43);
        c.expect("GET", "/api/events/stream", "/api/events/stream?ticket=not-a-ticket", null, 401);
        c.expect("GET", "/api/events/stream", "/api/events/stream?ticket=" + ticket + "&after=x", null, 400);
        traces(c);
    }

    /** The kept traces of the actors the earlier cases used: list, show, clean up. */
    private static void traces(Contract c) {
        JsonNode list = c.expect("GET", "/api/admin/traces", "/api/admin/traces?actor=counter&limit=100", A, 200);
        assertThat(list.path("keeping").asBoolean()).isTrue();
        c.expect("GET", "/api/admin/traces", "/api/admin/traces?limit=0", A, 400);
        String id = java.util.stream.StreamSupport.stream(list.path("traces").spliterator(), false)
                .filter(t -> !t.path("actors").isEmpty()).findFirst().orElseThrow().path("traceId").asText();
        JsonNode trace = c.expect("GET", "/api/admin/traces/{id}", "/api/admin/traces/" + id, A, 200);
        assertThat(trace.path("spans").findValuesAsText("name")).contains("turn counter");
        c.expect("GET", "/api/admin/traces/{id}", "/api/admin/traces/not-hex", A, 400);
        c.expect("GET", "/api/admin/traces/{id}", "/api/admin/traces/" + "0".repeat(31) + "1", A, 404);
        c.expectJson("POST", "/api/admin/traces/cleanup", "/api/admin/traces/cleanup", A, "{\"olderThan\":\"90d\"}",
                Map.of(), 200);
        c.expectJson("POST", "/api/admin/traces/cleanup", "/api/admin/traces/cleanup", A, "{\"olderThan\":\"soon\"}",
                Map.of(), 400);
    }

    /** A two-stage pipeline (account deposit, then an approval): registration, runs and every operation. */
    private static void pipelines(Contract c) {
        String def = """
                {"name": "contract", "version": 1, "stages": [
                  {"kind": "single", "name": "credit", "task": {"actorType": "account", "actorId": {"pointer": "/input/account"},
                   "messageType": "Deposit", "input": {"amount": {"literal": 5}}}},
                  {"kind": "human-approval", "name": "review", "dependsOn": ["credit"]}]}""";
        c.expectJson("POST", "/api/pipelines", "/api/pipelines", A, def, Map.of(), 201);
        c.expectJson("POST", "/api/pipelines", "/api/pipelines", A, def, Map.of(), 200);
        c.expectJson("POST", "/api/pipelines", "/api/pipelines", A, def.replace("\"literal\": 5", "\"literal\": 6"),
                Map.of(), 409);
        JsonNode invalid = c.expectJson("POST", "/api/pipelines", "/api/pipelines", A, def.replace("Deposit", "Nope"),
                Map.of(), 400);
        assertThat(invalid.path("details").path("problems").get(0).path("stage").asText()).isEqualTo("credit");
        c.expect("GET", "/api/pipelines", "/api/pipelines", R, 200);
        c.expect("GET", "/api/pipelines/{name}", "/api/pipelines/contract", R, 200);
        c.expect("GET", "/api/pipelines/{name}", "/api/pipelines/nope", R, 404);

        String runs = "/api/pipelines/{name}/runs";
        String input = "{\"input\": {\"account\": \"p-" + UUID.randomUUID().toString().substring(0, 8) + "\"}}";
        String approved = c.expectJson("POST", runs, "/api/pipelines/contract/runs", W, input,
                Map.of("Idempotency-Key", "contract-1"), 202).path("runId").asText();
        String rejected = c.expectJson("POST", runs, "/api/pipelines/contract/runs", W, input, Map.of(), 202)
                .path("runId").asText();
        String paused = c.expectJson("POST", runs, "/api/pipelines/contract/runs", W, input, Map.of(), 202)
                .path("runId").asText();
        c.expectJson("POST", runs, "/api/pipelines/nope/runs", W, "{}", Map.of(), 404);
        c.expectJson("POST", runs, "/api/pipelines/contract/runs", W, "{\"version\": -1}", Map.of(), 400);
        String one = "/api/pipeline-runs/{id}";
        for (String id : List.of(approved, rejected, paused)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> c.expect("GET", one, "/api/pipeline-runs/" + id, R, 200)
                    .path("status").asText().equals("WAITING_APPROVAL"));
        }
        c.expect("GET", one, "/api/pipeline-runs/nope", R, 404);
        c.expect("GET", one + "/timeline", "/api/pipeline-runs/" + approved + "/timeline", R, 200);
        c.expect("GET", one + "/timeline", "/api/pipeline-runs/nope/timeline", R, 404);
        c.expect("GET", "/api/pipeline-runs", "/api/pipeline-runs?definition=contract&status=WAITING_APPROVAL&limit=2", R,
                200);
        c.expect("GET", "/api/pipeline-runs", "/api/pipeline-runs?status=stuck", R, 400);

        String approve = one + "/stages/{stage}/approve";
        String reject = one + "/stages/{stage}/reject";
        String by = "{\"by\": \"ann\"}";
        c.expectJson("POST", approve, "/api/pipeline-runs/" + approved + "/stages/credit/approve", W, by, Map.of(), 409);
        c.expectJson("POST", approve, "/api/pipeline-runs/nope/stages/review/approve", W, by, Map.of(), 404);
        c.expectJson("POST", approve, "/api/pipeline-runs/" + approved + "/stages/review/approve", W, "{}", Map.of(), 400);
        c.expectJson("POST", approve, "/api/pipeline-runs/" + approved + "/stages/review/approve", W, by, Map.of(), 200);
        c.expectJson("POST", reject, "/api/pipeline-runs/" + approved + "/stages/review/reject", W, by, Map.of(), 409);
        c.expectJson("POST", reject, "/api/pipeline-runs/nope/stages/review/reject", W, by, Map.of(), 404);
        c.expectJson("POST", reject, "/api/pipeline-runs/" + rejected + "/stages/review/reject", W, "{\"by\": 1}",
                Map.of(), 400);
        c.expectJson("POST", reject, "/api/pipeline-runs/" + rejected + "/stages/review/reject", W, by, Map.of(), 200);

        c.expect("POST", one + "/pause", "/api/pipeline-runs/" + paused + "/pause", A, 200);
        c.expect("POST", one + "/pause", "/api/pipeline-runs/" + paused + "/pause", A, 409);
        c.expect("POST", one + "/pause", "/api/pipeline-runs/nope/pause", A, 404);
        c.expect("POST", one + "/resume", "/api/pipeline-runs/" + paused + "/resume", A, 200);
        c.expect("POST", one + "/resume", "/api/pipeline-runs/" + paused + "/resume", A, 409);
        c.expect("POST", one + "/resume", "/api/pipeline-runs/nope/resume", A, 404);
        c.expect("POST", "/api/pipelines/{name}/pause", "/api/pipelines/contract/pause", A, 200);
        c.expect("POST", "/api/pipelines/{name}/pause", "/api/pipelines/nope/pause", A, 404);
        c.expect("POST", "/api/pipelines/{name}/resume", "/api/pipelines/contract/resume", A, 200);
        c.expect("POST", "/api/pipelines/{name}/resume", "/api/pipelines/nope/resume", A, 404);
        c.expectJson("POST", one + "/cancel", "/api/pipeline-runs/" + paused + "/cancel", A, "{\"compensate\": 1}",
                Map.of(), 400);
        c.expectJson("POST", one + "/cancel", "/api/pipeline-runs/" + paused + "/cancel", A, "{}", Map.of(), 200);
        c.expectJson("POST", one + "/cancel", "/api/pipeline-runs/" + paused + "/cancel", A, "{}", Map.of(), 409);
        c.expectJson("POST", one + "/cancel", "/api/pipeline-runs/nope/cancel", A, "{}", Map.of(), 404);

        await().atMost(Duration.ofSeconds(20)).until(() -> c.expect("GET", one, "/api/pipeline-runs/" + rejected, R, 200)
                .path("endedAt").isTextual());
        c.expect("POST", one + "/redrive", "/api/pipeline-runs/" + rejected + "/redrive", A, 200);
        c.expect("POST", one + "/redrive", "/api/pipeline-runs/" + paused + "/redrive", A, 409);
        c.expect("POST", one + "/redrive", "/api/pipeline-runs/nope/redrive", A, 404);
        String letters = one + "/dead-letters";
        c.expect("GET", letters, "/api/pipeline-runs/" + approved + "/dead-letters?stage=credit", A, 200);
        c.expect("GET", letters, "/api/pipeline-runs/" + approved + "/dead-letters?stage=zz", A, 400);
        c.expect("GET", letters, "/api/pipeline-runs/nope/dead-letters", A, 404);
    }

    /** Backup export and import: the export imports into an empty server, not into this one. */
    private static void backups(Contract c, Path dir) {
        String export = c.expect("GET", "/api/admin/backup/export", "/api/admin/backup/export", A, 200).asText();
        byte[] file = export.getBytes(StandardCharsets.UTF_8);
        String ndjson = "application/x-ndjson";
        c.expectBytes("POST", "/api/admin/backup/import", "/api/admin/backup/import", A, ndjson, file, 409);
        c.expectBytes("POST", "/api/admin/backup/import", "/api/admin/backup/import", A, ndjson,
                "not a backup\n".getBytes(StandardCharsets.UTF_8), 400);
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir.resolve("empty")));
        try (LoomServer empty = TestServers.start(env)) {
            c.on(empty.port()).expectBytes("POST", "/api/admin/backup/import", "/api/admin/backup/import", A, ndjson,
                    file, 200);
        }
    }

    /** 401 without a token on every route that needs one; 403 for a role below the route's or outside a scope. */
    private static void authenticationAndAuthorization(Contract c) {
        for (Contract.Op op : c.operations()) {
            String path = op.concrete("counter", "x1");
            if (op.declares(401)) {
                c.expectAny(op.method, op.template, path, null, op.jsonBody() ? "{}" : null, 401);
            }
            if (op.declares(403)) {
                String token = switch (op.role()) {
                    case "admin" -> W;
                    case "writer" -> R;
                    default -> SCOPED_READER;
                };
                c.expectAny(op.method, op.template, path, token, op.jsonBody() ? "{}" : null, 403);
            }
        }
    }

    /** 413 beyond the body limit and 400 for malformed JSON on every route that reads a JSON body. */
    private static void bodyLimitAndMalformedBodies(Contract c) {
        String tooLarge = "{\"type\":\"" + "x".repeat(BODY_LIMIT_BYTES) + "\"}";
        for (Contract.Op op : c.operations()) {
            if (op.jsonBody()) {
                String path = op.concrete("counter", "x1");
                c.expectAny(op.method, op.template, path, A, tooLarge, 413);
                JsonNode error = c.expectAny(op.method, op.template, path, A, "{", 400);
                assertThat(error.path("error").asText()).as(op.label()).isEqualTo("malformed_json");
            }
        }
    }

    /**
     * Every declared integer query parameter refuses a non-integer and values beyond its declared bounds, and
     * every duration parameter refuses a non-duration, with a 400 naming the parameter: the declared bounds are
     * the enforced ones.
     */
    private static void queryParameterBounds(Contract c) {
        for (Contract.Op op : c.operations()) {
            for (JsonNode p : op.node.path("parameters")) {
                if (!p.path("in").asText().equals("query")) {
                    continue;
                }
                String name = p.path("name").asText();
                JsonNode schema = p.path("schema");
                List<String> bad = new ArrayList<>();
                if (schema.path("type").asText().equals("integer")) {
                    bad.add("abc");
                    if (schema.has("minimum")) {
                        bad.add(Long.toString(schema.path("minimum").asLong() - 1));
                    }
                    if (schema.has("maximum")) {
                        bad.add(Long.toString(schema.path("maximum").asLong() + 1));
                    }
                } else if (p.path("description").asText().contains("a duration such as")) {
                    bad.add("soon");
                }
                for (String value : bad) {
                    String path = op.concrete("counter", "x1") + "?" + name + "=" + value;
                    JsonNode error = c.expectAny(op.method, op.template, path, A, op.jsonBody() ? "{\"type\":\"Get\"}"
                            : null, 400);
                    assertThat(error.path("field").asText()).as(op.label() + " ?" + name + "=" + value).isEqualTo(name);
                }
            }
        }
    }

    /** Requests that match no route, or a route but not its method, get the Error body too. */
    private static void unroutedRequests(Contract c) {
        HttpResponse<String> noRoute = c.send("GET", "/api/nope", A, null, null, Map.of());
        assertThat(noRoute.statusCode()).isEqualTo(404);
        c.assertValid("no route", c.errorSchema(), noRoute.body());
        HttpResponse<String> wrongMethod = c.send("PUT", "/health", null, null, null, Map.of());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        c.assertValid("wrong method", c.errorSchema(), wrongMethod.body());
    }

    /**
     * With a burst of one request per client address and per token, every rate-limited route answers 429; probes
     * never do. Anonymous requests count against the client address, requests with a valid token against the token.
     */
    private static void rateLimits(Contract c) {
        // The client's one request, spent on a path that is no route (counted like any other anonymous request)...
        assertThat(c.send("GET", "/api/nope", null, null, null, Map.of()).statusCode()).isEqualTo(404);
        // ...and the token's, spent on a route.
        assertThat(c.send("GET", "/api/actor-types", A, null, null, Map.of()).statusCode()).isEqualTo(200);
        for (Contract.Op op : c.operations()) {
            if (op.declares(429)) {
                c.expectAny(op.method, op.template, op.concrete("counter", "x1"), A, op.jsonBody() ? "{}" : null, 429);
            } else {
                HttpResponse<String> r = c.send(op.method, op.concrete("counter", "x1"), A, null, null, Map.of());
                assertThat(r.statusCode()).as(op.label() + " is not rate-limited").isNotEqualTo(429);
            }
        }
    }

    /** The served document, a client, and the (operation, status) pairs exercised so far. */
    static final class Contract {
        final JsonNode doc;
        final HttpClient client;
        final int port;
        final Set<String> exercised;
        final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

        Contract(int port) {
            this.port = port;
            this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            this.exercised = new TreeSet<>();
            HttpResponse<String> r = send("GET", "/api/openapi.json", null, null, null, Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            this.doc = parse(r.body());
        }

        private Contract(Contract of, int port) {
            this.doc = of.doc;
            this.client = of.client;
            this.port = port;
            this.exercised = of.exercised;
        }

        /** The same contract and record of exercised pairs, against another server. */
        Contract on(int otherPort) {
            return new Contract(this, otherPort);
        }

        /** One documented operation. */
        record Op(String method, String template, JsonNode node) {
            boolean declares(int status) {
                return node.path("responses").has(Integer.toString(status));
            }

            boolean jsonBody() {
                return node.path("requestBody").path("content").has("application/json");
            }

            String role() {
                return node.path("x-loom-role").asText();
            }

            String concrete(String type, String id) {
                return template.replace("{type}", type).replace("{id}", id).replace("{name}", "x")
                        .replace("{stage}", "review");
            }

            String label() {
                return method + " " + template;
            }
        }

        List<Op> operations() {
            List<Op> ops = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
                    ops.add(new Op(m.getKey().toUpperCase(Locale.ROOT), path.getKey(), m.getValue()));
                }
            }
            return ops;
        }

        /** Every documented {@code METHOD /template status}. */
        Set<String> declared() {
            Set<String> all = new TreeSet<>();
            for (Op op : operations()) {
                op.node.path("responses").fieldNames().forEachRemaining(s -> all.add(op.label() + " " + s));
            }
            return all;
        }

        JsonNode expect(String method, String template, String path, String token, int status) {
            return exchange(method, template, path, token, null, null, Map.of(), status);
        }

        JsonNode expectJson(String method, String template, String path, String token, String json,
                            Map<String, String> headers, int status) {
            return exchange(method, template, path, token, ApiResponse.JSON, bytes(json), headers, status);
        }

        JsonNode expectAny(String method, String template, String path, String token, String json, int status) {
            return exchange(method, template, path, token, json == null ? null : ApiResponse.JSON, bytes(json), Map.of(),
                    status);
        }

        JsonNode expectBytes(String method, String template, String path, String token, String contentType,
                             byte[] body, int status) {
            return exchange(method, template, path, token, contentType, body, Map.of(), status);
        }

        /**
         * Sends the request, checks the status is the expected and documented one, the body matches the
         * documented schema and media type and the required headers are there; returns the JSON body (a text
         * node for other media types).
         */
        JsonNode exchange(String method, String template, String path, String token, String contentType, byte[] body,
                          Map<String, String> headers, int status) {
            String what = method + " " + path;
            HttpResponse<String> r = send(method, path, token, contentType, body, headers);
            assertThat(r.statusCode()).as(what + " answered " + r.body()).isEqualTo(status);
            JsonNode op = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
            assertThat(op.isObject()).as(method + " " + template + " is documented").isTrue();
            JsonNode response = op.path("responses").path(Integer.toString(status));
            assertThat(response.isObject()).as(what + ": status " + status + " is documented").isTrue();
            if (response.has("$ref")) {
                response = resolve(response.path("$ref").asText());
            }
            for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
                if (h.getValue().path("required").asBoolean()) {
                    assertThat(r.headers().firstValue(h.getKey())).as(what + ": header " + h.getKey()).isPresent();
                }
            }
            assertThat(response.path("content").size()).as(what + ": one media type documented").isEqualTo(1);
            Map.Entry<String, JsonNode> content = response.path("content").properties().iterator().next();
            String declaredType = content.getKey();
            String actualType = r.headers().firstValue("Content-Type").orElse("");
            assertThat(actualType.replace(" ", "")).as(what + ": media type").isEqualToIgnoringCase(
                    declaredType.replace(" ", ""));
            exercised.add(method + " " + template + " " + status);
            if (!declaredType.equals(ApiResponse.JSON)) {
                assertThat(content.getValue().path("schema").path("type").asText()).isEqualTo("string");
                return MAPPER.getNodeFactory().textNode(r.body());
            }
            assertValid(what, content.getValue().path("schema"), r.body());
            return parse(r.body());
        }

        /** Asserts that {@code body} is valid against {@code schema}, whose references point into the document. */
        void assertValid(String what, JsonNode schema, String body) {
            ObjectNode root = (ObjectNode) rewriteRefs(schema.deepCopy());
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("$defs", rewriteRefs(doc.path("components").path("schemas").deepCopy()));
            Schema s = registry.getSchema(root);
            List<Error> errors = s.validate(parse(body));
            assertThat(errors).as(what + " answered " + body + " which does not match its schema").isEmpty();
        }

        JsonNode errorSchema() {
            return MAPPER.getNodeFactory().objectNode().put("$ref", "#/components/schemas/Error");
        }

        private JsonNode resolve(String ref) {
            String prefix = "#/components/responses/";
            assertThat(ref).startsWith(prefix);
            return doc.path("components").path("responses").path(ref.substring(prefix.length()));
        }

        /** The document's references become references into {@code $defs}, where the test puts its schemas. */
        private static JsonNode rewriteRefs(JsonNode n) {
            if (n instanceof ObjectNode o) {
                JsonNode ref = o.get("$ref");
                if (ref != null && ref.isTextual()) {
                    o.put("$ref", ref.asText().replace("#/components/schemas/", "#/$defs/"));
                }
                o.properties().forEach(e -> rewriteRefs(e.getValue()));
            } else if (n.isArray()) {
                n.forEach(Contract::rewriteRefs);
            }
            return n;
        }

        HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body,
                                  Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(60));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static byte[] bytes(String s) {
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        private static JsonNode parse(String body) {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
