package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.examples.ExampleActors;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline API against a real SQLite server running the example actors: registration (and its errors naming the
 * stage and field), start with an idempotency key, list with filters and paging, status, timeline, and every
 * operation (pause, resume, per run and per definition; approve, reject; cancel; redrive; the run's dead letters),
 * with 404, 409 and 400 answers for unknown runs, illegal transitions and bad input.
 */
class PipelineApiTest {
    static final String A = TestServers.ADMIN;
    static final String W = TestServers.WRITER;
    static final String R = TestServers.READER;
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * credit (account Deposit, compensated by a Withdraw) → review (human approval) → notify (email-sender). The
     * mail transport decides whether notify fails.
     */
    static String payout(String name, int version) {
        return """
                {"name": "%s", "version": %d, "stages": [
                  {"kind": "single", "name": "credit",
                   "task": {"actorType": "account", "actorId": {"pointer": "/input/account"}, "messageType": "Deposit",
                            "input": {"amount": {"pointer": "/input/amount"}}},
                   "options": {"compensation": {"actorType": "account", "actorId": {"pointer": "/input/account"},
                               "messageType": "Withdraw", "input": {"amount": {"pointer": "/input/amount"},
                               "reference": {"literal": "payout-undo"}}}}},
                  {"kind": "human-approval", "name": "review", "dependsOn": ["credit"]},
                  {"kind": "single", "name": "notify", "dependsOn": ["review"],
                   "task": {"actorType": "email-sender", "actorId": {"pointer": "/input/account"}, "messageType": "SendEmail",
                            "input": {"to": {"literal": "ops@example.com"}, "subject": {"literal": "payout"}}}}
                ]}""".formatted(name, version);
    }

    @TempDir
    static Path dir;
    static LoomServer server;
    static Http http;

    /** The example transport's failure share before this class set it to 0, given back after it. */
    static double failureRate;

    @BeforeAll
    static void start() {
        failureRate = ExampleActors.transport().failureRate();
        ExampleActors.transport().setFailureRate(0.0);
        server = TestServers.sqlite(dir, Map.of("LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "1"));
        http = new Http(server.port());
        assertThat(http.post("/api/pipelines", A, payout("payout", 1)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
        ExampleActors.transport().setFailureRate(failureRate);
    }

    static String startRun(String pipeline, String key) {
        String account = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response r = http.send("POST", "/api/pipelines/" + pipeline + "/runs", W,
                "{\"input\": {\"account\": \"" + account + "\", \"amount\": 10}}",
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("runId").asText();
    }

    static JsonNode run(String id) {
        Http.Response r = http.get("/api/pipeline-runs/" + id, R);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(WAIT).until(() -> run(id), r -> r.path("status").asText().equals(status));
    }

    static Http.Response post(String path, String token, String body) {
        return http.post(path, token, body);
    }

    static JsonNode stage(JsonNode run, String name) {
        for (JsonNode s : run.path("stages")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + name + " in " + run);
    }

    @Test
    void registrationValidatesNamingTheStageAndFieldAndRefusesAChangedVersion() {
        assertThat(post("/api/pipelines", A, payout("payout", 1)).status()).as("the same content again").isEqualTo(200);
        Http.Response changed = post("/api/pipelines", A, payout("payout", 1).replace("payout-undo", "other"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.error()).isEqualTo("pipeline_version_conflict");

        Http.Response bad = post("/api/pipelines", A, payout("bad", 1).replace("\"Deposit\"", "\"Nope\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("invalid_pipeline");
        JsonNode problem = bad.json().path("details").path("problems").get(0);
        assertThat(problem.path("stage").asText()).isEqualTo("credit");
        assertThat(problem.path("field").asText()).isEqualTo("task.messageType");
        assertThat(bad.json().path("field").asText()).isEqualTo("stages[credit].task.messageType");

        Http.Response cycle = post("/api/pipelines", A, payout("cyclic", 1)
                .replace("\"name\": \"credit\",", "\"name\": \"credit\", \"dependsOn\": [\"notify\"],"));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().path("details").path("problems").findValuesAsText("field")).contains("dependsOn");
        assertThat(post("/api/pipelines", A, "{\"name\": \"x\", \"version\": 1, \"stages\": [{\"kind\": \"nope\","
                + " \"name\": \"s\"}]}").status()).isEqualTo(400);
        assertThat(post("/api/pipelines", W, payout("by-writer", 1)).status()).as("registering needs admin").isEqualTo(403);

        assertThat(post("/api/pipelines", A, payout("payout", 2)).status()).isEqualTo(201);
        JsonNode all = http.get("/api/pipelines", R).json();
        assertThat(all.path("pipelines").findValuesAsText("name")).contains("payout").doesNotContain("bad", "cyclic");
        JsonNode versions = http.get("/api/pipelines/payout", R).json();
        assertThat(versions.path("versions").findValuesAsText("version")).containsExactly("1", "2");
        assertThat(http.get("/api/pipelines/nope", R).error()).isEqualTo("unknown_pipeline");
    }

    @Test
    void startingWithAnIdempotencyKeyReturnsTheSameRun() {
        String key = "order-" + UUID.randomUUID();
        String first = startRun("payout", key);
        assertThat(startRun("payout", key)).isEqualTo(first);
        assertThat(startRun("payout", null)).isNotEqualTo(first);
        JsonNode waiting = awaitStatus(first, "WAITING_APPROVAL");
        assertThat(waiting.path("waitingApprovals").get(0).asText()).isEqualTo("review");
        assertThat(stage(waiting, "credit").path("tasks").get(0).path("taskId").asText()).startsWith(first + "/credit/1/");

        Http.Response unknown = http.send("POST", "/api/pipelines/nope/runs", W, "{}", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        Http.Response badVersion = http.send("POST", "/api/pipelines/payout/runs", W, "{\"version\": 99}", Map.of());
        assertThat(badVersion.status()).isEqualTo(404);
        Http.Response badField = http.send("POST", "/api/pipelines/payout/runs", W, "{\"inputs\": {}}", Map.of());
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().path("field").asText()).isEqualTo("inputs");
        assertThat(http.send("POST", "/api/pipelines/payout/runs", R, "{}", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void approvingRunsTheRestAndTheTimelineShowsEveryStep() {
        String id = startRun("payout", null);
        awaitStatus(id, "WAITING_APPROVAL");
        Http.Response notWaiting = post("/api/pipeline-runs/" + id + "/stages/credit/approve", W, "{\"by\": \"ann\"}");
        assertThat(notWaiting.status()).isEqualTo(409);
        assertThat(notWaiting.error()).isEqualTo("illegal_run_transition");
        assertThat(post("/api/pipeline-runs/" + id + "/stages/review/approve", W, "{}").status())
                .as("approving needs who approves").isEqualTo(400);

        Http.Response approved = post("/api/pipeline-runs/" + id + "/stages/review/approve", W,
                "{\"by\": \"ann\", \"comment\": \"looks right\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        JsonNode done = awaitStatus(id, "SUCCEEDED");
        assertThat(stage(done, "review").path("output").path("by").asText()).isEqualTo("ann");

        JsonNode timeline = http.get("/api/pipeline-runs/" + id + "/timeline", R).json();
        List<String> kinds = timeline.path("events").findValuesAsText("kind");
        assertThat(kinds).contains("RUN_STARTED", "TASK_SENT", "TASK_SUCCEEDED", "APPROVAL_WAITING", "APPROVED",
                "STAGE_SUCCEEDED", "RUN_ENDED");
        assertThat(timeline.path("stages").size()).isEqualTo(3);
        assertThat(post("/api/pipeline-runs/" + id + "/pause", A, null).status()).as("pausing an ended run")
                .isEqualTo(409);
    }

    @Test
    void rejectingRollsBackAndCancelCompensatesOnce() {
        String rejected = startRun("payout", null);
        awaitStatus(rejected, "WAITING_APPROVAL");
        assertThat(post("/api/pipeline-runs/" + rejected + "/stages/review/reject", W, "{\"by\": \"bob\"}").status())
                .isEqualTo(200);
        JsonNode compensated = awaitStatus(rejected, "COMPENSATED");
        assertThat(compensated.path("error").path("type").asText()).isEqualTo("rejected");
        assertThat(stage(compensated, "credit").path("status").asText()).isEqualTo("COMPENSATED");

        String cancelled = startRun("payout", null);
        awaitStatus(cancelled, "WAITING_APPROVAL");
        assertThat(post("/api/pipeline-runs/" + cancelled + "/cancel", A, "{\"compensate\": \"yes\"}").status())
                .isEqualTo(400);
        assertThat(post("/api/pipeline-runs/" + cancelled + "/cancel", W, "{}").status()).as("cancel needs admin")
                .isEqualTo(403);
        assertThat(post("/api/pipeline-runs/" + cancelled + "/cancel", A, "{\"compensate\": true}").status())
                .isEqualTo(200);
        JsonNode after = awaitStatus(cancelled, "CANCELLED");
        assertThat(stage(after, "credit").path("status").asText()).isEqualTo("COMPENSATED");
        Http.Response again = post("/api/pipeline-runs/" + cancelled + "/cancel", A, "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("details").path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void pauseAndResumeOneRunAndEveryRunOfADefinition() {
        assertThat(post("/api/pipelines", A, payout("pausable", 1)).status()).isIn(200, 201);
        String one = startRun("pausable", null);
        String two = startRun("pausable", null);
        awaitStatus(one, "WAITING_APPROVAL");
        awaitStatus(two, "WAITING_APPROVAL");

        assertThat(post("/api/pipeline-runs/" + one + "/pause", A, null).status()).isEqualTo(200);
        assertThat(run(one).path("status").asText()).isEqualTo("PAUSED");
        assertThat(post("/api/pipeline-runs/" + one + "/pause", A, null).status()).as("already paused").isEqualTo(409);
        assertThat(post("/api/pipeline-runs/" + one + "/stages/review/approve", W, "{\"by\": \"ann\"}").status())
                .as("a decision is recorded while paused").isEqualTo(200);
        JsonNode paused = run(one);
        assertThat(paused.path("status").asText()).isEqualTo("PAUSED");
        assertThat(stage(paused, "notify").path("status").asText()).as("nothing new dispatched").isEqualTo("PENDING");
        assertThat(post("/api/pipeline-runs/" + one + "/resume", A, null).status()).isEqualTo(200);
        awaitStatus(one, "SUCCEEDED");
        assertThat(post("/api/pipeline-runs/" + two + "/resume", A, null).status()).as("not paused").isEqualTo(409);

        JsonNode pausedAll = post("/api/pipelines/pausable/pause", A, null).json();
        assertThat(pausedAll.path("runs").size()).isEqualTo(1);
        assertThat(pausedAll.path("runs").get(0).asText()).isEqualTo(two);
        assertThat(run(two).path("status").asText()).isEqualTo("PAUSED");
        JsonNode resumedAll = post("/api/pipelines/pausable/resume", A, null).json();
        assertThat(resumedAll.path("runs").size()).isEqualTo(1);
        assertThat(run(two).path("status").asText()).isEqualTo("WAITING_APPROVAL");
        assertThat(post("/api/pipelines/nope/pause", A, null).status()).isEqualTo(404);
    }

    @Test
    void aFailedStageIsInTheDeadLettersOfItsRunAndRedriveRunsItAgain() {
        assertThat(post("/api/pipelines", A, payout("flaky", 1)).status()).isIn(200, 201);
        String id = startRun("flaky", null);
        awaitStatus(id, "WAITING_APPROVAL");
        ExampleActors.transport().setFailureRate(1.0);
        try {
            assertThat(post("/api/pipeline-runs/" + id + "/redrive", A, null).status()).as("not failed").isEqualTo(409);
            post("/api/pipeline-runs/" + id + "/stages/review/approve", W, "{\"by\": \"ann\"}");
            JsonNode failed = awaitStatus(id, "COMPENSATED");
            assertThat(failed.path("error").path("stage").asText()).isEqualTo("notify");
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        JsonNode letters = http.get("/api/pipeline-runs/" + id + "/dead-letters?stage=notify", A).json();
        assertThat(letters.path("items").size()).isEqualTo(1);
        assertThat(letters.path("items").get(0).path("message").path("idempotencyKey").asText())
                .startsWith(id + "/notify/");
        assertThat(http.get("/api/pipeline-runs/" + id + "/dead-letters?stage=credit", A).json().path("items").size())
                .isZero();
        assertThat(http.get("/api/pipeline-runs/" + id + "/dead-letters?stage=nope", A).status()).isEqualTo(400);
        assertThat(http.get("/api/pipeline-runs/" + id + "/dead-letters", R).status()).isEqualTo(403);

        Http.Response redriven = post("/api/pipeline-runs/" + id + "/redrive", A, null);
        assertThat(redriven.status()).as(redriven.body()).isEqualTo(200);
        JsonNode done = awaitStatus(id, "SUCCEEDED");
        assertThat(stage(done, "credit").path("tasks").get(0).path("attempt").asInt())
                .as("the compensated stage ran again, with a new task id").isEqualTo(2);
        assertThat(stage(done, "review").path("output").path("by").asText()).as("the approval is kept").isEqualTo("ann");
        assertThat(http.get("/api/pipeline-runs/" + id + "/timeline", R).json().path("events").findValuesAsText("kind"))
                .contains("STAGE_FAILED", "COMPENSATION_SUCCEEDED", "REDRIVEN");
    }

    @Test
    void listFiltersByDefinitionStatusAndTimeAndPages() {
        assertThat(post("/api/pipelines", A, payout("listed", 1)).status()).isIn(200, 201);
        Instant before = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(startRun("listed", null));
        }
        ids.forEach(id -> awaitStatus(id, "WAITING_APPROVAL"));
        post("/api/pipeline-runs/" + ids.get(0) + "/pause", A, null);

        List<String> paged = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            JsonNode page = http.get("/api/pipeline-runs?definition=listed&limit=2" + (next.isEmpty() ? "" : "&after=" + next), R)
                    .json();
            page.path("runs").forEach(r -> paged.add(r.path("runId").asText()));
            next = page.path("next").isNull() ? "" : page.path("next").asText();
            pages++;
        } while (!next.isEmpty());
        assertThat(paged).containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(pages).isGreaterThanOrEqualTo(2);

        assertThat(http.get("/api/pipeline-runs?definition=listed&status=paused", R).json().path("runs")
                .findValuesAsText("runId")).containsExactly(ids.get(0));
        assertThat(http.get("/api/pipeline-runs?definition=listed&startedAfter=" + before.minusSeconds(1), R).json()
                .path("runs").size()).isEqualTo(3);
        assertThat(http.get("/api/pipeline-runs?definition=listed&startedBefore=" + before.minusSeconds(60), R).json()
                .path("runs").size()).isZero();
        Http.Response badStatus = http.get("/api/pipeline-runs?status=stuck", R);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().path("field").asText()).isEqualTo("status");
        assertThat(http.get("/api/pipeline-runs?startedAfter=yesterday", R).json().path("field").asText())
                .isEqualTo("startedAfter");
        assertThat(http.get("/api/pipeline-runs?limit=0", R).status()).isEqualTo(400);
    }

    @Test
    void metricsCountRunsByStatusWaitingApprovalsAndStageDurations() {
        assertThat(post("/api/pipelines", A, payout("metered", 1)).status()).isIn(200, 201);
        String waiting = startRun("metered", null);
        String done = startRun("metered", null);
        awaitStatus(waiting, "WAITING_APPROVAL");
        awaitStatus(done, "WAITING_APPROVAL");
        post("/api/pipeline-runs/" + done + "/stages/review/approve", W, "{\"by\": \"ann\"}");
        awaitStatus(done, "SUCCEEDED");
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/metrics").body(), m ->
                m.contains("loom_pipeline_runs{pipeline=\"metered\",status=\"WAITING_APPROVAL\"} 1.0")
                        && m.contains("loom_pipeline_runs{pipeline=\"metered\",status=\"SUCCEEDED\"} 1.0")
                        && m.contains("loom_pipeline_stage_duration_seconds_count{pipeline=\"metered\",stage=\"notify\","
                                + "status=\"SUCCEEDED\"} 1"));
        String metrics = http.get("/metrics").body();
        assertThat(metrics).containsPattern("loom_pipeline_approvals_waiting [1-9]")
                .containsPattern("loom_pipeline_runs_running [1-9]")
                .contains("loom_pipeline_stage_duration_seconds_bucket{");
    }

    @Test
    void unknownRunsAre404WithAJsonBody() {
        for (String path : List.of("/api/pipeline-runs/nope", "/api/pipeline-runs/nope/timeline")) {
            Http.Response r = http.get(path, R);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.error()).isEqualTo("unknown_pipeline_run");
        }
        for (String op : List.of("pause", "resume", "redrive")) {
            assertThat(post("/api/pipeline-runs/nope/" + op, A, null).status()).as(op).isEqualTo(404);
        }
        assertThat(post("/api/pipeline-runs/nope/cancel", A, "{}").status()).isEqualTo(404);
        assertThat(post("/api/pipeline-runs/nope/stages/review/approve", W, "{\"by\": \"x\"}").status()).isEqualTo(404);
        assertThat(http.get("/api/pipeline-runs/nope/dead-letters", A).status()).isEqualTo(404);
    }
}
