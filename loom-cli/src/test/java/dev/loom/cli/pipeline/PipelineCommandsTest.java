package dev.loom.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.json.Json;
import dev.loom.server.LoomServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loom pipeline ...} against a real SQLite server running the example actors: register, definitions, start,
 * status, list, timeline, pause, resume, approve, reject, cancel, redrive and dead-letters, their text and
 * {@code --json} output, and non-zero exits with a message on bad input and refused operations.
 */
class PipelineCommandsTest {
    private static final String ADMIN = "admin-cli-pipeline-0123456789abcdef";
    private static final String READER = "reader-cli-pipeline-0123456789abcde";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static LoomServer server;
    static String url;
    static Path definition;

    @BeforeAll
    static void start() throws IOException {
        ExampleActors.transport().setFailureRate(0.0);
        Map<String, String> env = new HashMap<>(Map.of("LOOM_STORE", "sqlite", "LOOM_DATA_DIR", dir.resolve("data").toString(),
                "LOOM_HTTP_PORT", "0", "LOG_LEVEL", "warn", "LOOM_TOKENS", "admin:" + ADMIN + ",reader:" + READER,
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "0", "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "0",
                "LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "1"));
        server = LoomServer.start(LoomConfig.load(Optional.empty(), env));
        url = "http://127.0.0.1:" + server.port();
        definition = dir.resolve("payout.json");
        Files.writeString(definition, """
                {"name": "cli-payout", "version": 1, "stages": [
                  {"kind": "single", "name": "credit",
                   "task": {"actorType": "account", "actorId": {"pointer": "/input/account"}, "messageType": "Deposit",
                            "input": {"amount": {"literal": 10}}},
                   "options": {"compensation": {"actorType": "account", "actorId": {"pointer": "/input/account"},
                               "messageType": "Withdraw", "input": {"amount": {"literal": 10},
                               "reference": {"literal": "cli-undo"}}}}},
                  {"kind": "human-approval", "name": "review", "dependsOn": ["credit"]},
                  {"kind": "single", "name": "notify", "dependsOn": ["review"],
                   "task": {"actorType": "email-sender", "actorId": {"pointer": "/input/account"}, "messageType": "SendEmail",
                            "input": {"to": {"literal": "ops@example.com"}, "subject": {"literal": "payout"}}}}]}""");
        CliRun registered = admin("pipeline", "register", definition.toString());
        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(registered.out()).contains("registered pipeline cli-payout version 1 with 3 stage(s)");
    }

    @AfterAll
    static void stop() {
        server.close();
        ExampleActors.transport().setFailureRate(0.0);
    }

    private static CliRun as(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", token));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static CliRun admin(String... args) {
        return as(ADMIN, args);
    }

    private static CliRun ok(String... args) {
        CliRun run = admin(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isZero();
        return run;
    }

    private static JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return Json.parse(ok(all.toArray(String[]::new)).out());
    }

    private static String startRun() {
        String input = "{\"account\": \"cli-" + UUID.randomUUID().toString().substring(0, 8) + "\"}";
        return ok("pipeline", "start", "cli-payout", "--input", input).lastOutLine();
    }

    private static JsonNode awaitStatus(String runId, String status) {
        return await().atMost(WAIT).until(() -> json("pipeline", "status", runId), r -> r.path("status").asText().equals(status));
    }

    @Test
    void registerIsIdempotentAndAnInvalidDefinitionFailsNamingStageAndField() throws IOException {
        assertThat(ok("pipeline", "register", definition.toString()).out()).contains("unchanged");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(definition).replace("\"cli-payout\"", "\"cli-bad\"")
                .replace("\"Deposit\"", "\"Nope\""));
        CliRun refused = admin("pipeline", "register", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("stage 'credit'").contains("task.messageType");
        CliRun missing = admin("pipeline", "register", dir.resolve("missing.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the definition");

        assertThat(ok("pipeline", "definitions").out()).contains("cli-payout").contains("review(human-approval)");
        assertThat(json("pipeline", "definitions", "cli-payout").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(admin("pipeline", "definitions", "nope").exitCode()).isEqualTo(1);
    }

    @Test
    void startWithAKeyStatusApproveAndTimeline() {
        String key = "cli-order-" + UUID.randomUUID();
        String input = "{\"account\": \"cli-keyed\"}";
        String id = ok("pipeline", "start", "cli-payout", "--input", input, "--idempotency-key", key).lastOutLine();
        assertThat(json("pipeline", "start", "cli-payout", "--input", input, "--idempotency-key", key).path("runId").asText())
                .isEqualTo(id);
        awaitStatus(id, "WAITING_APPROVAL");
        assertThat(ok("pipeline", "status", id).out()).contains("status:     WAITING_APPROVAL")
                .contains("waiting for approval: review").contains("credit");

        CliRun noBy = admin("pipeline", "approve", id, "review");
        assertThat(noBy.exitCode()).isEqualTo(2);
        assertThat(noBy.err()).contains("--by");
        CliRun wrongStage = admin("pipeline", "approve", id, "credit", "--by", "ann");
        assertThat(wrongStage.exitCode()).isEqualTo(1);
        assertThat(wrongStage.err()).contains("not waiting for approval");
        assertThat(as(READER, "pipeline", "approve", id, "review", "--by", "ann").exitCode()).as("a reader cannot approve")
                .isEqualTo(1);
        assertThat(ok("pipeline", "approve", id, "review", "--by", "ann", "--comment", "fine").out())
                .contains("approved stage review of run " + id);
        awaitStatus(id, "SUCCEEDED");
        String timeline = ok("pipeline", "timeline", id).out();
        assertThat(timeline).contains("RUN_STARTED", "TASK_SENT", "APPROVED", "RUN_ENDED", "SUCCEEDED");
        assertThat(json("pipeline", "timeline", id).path("events").findValuesAsText("kind")).contains("APPROVAL_WAITING");
        assertThat(as(READER, "pipeline", "status", id).exitCode()).as("a reader reads runs").isZero();
    }

    @Test
    void pauseResumeRejectCancelAndList() {
        String paused = startRun();
        String rejected = startRun();
        String cancelled = startRun();
        List.of(paused, rejected, cancelled).forEach(id -> awaitStatus(id, "WAITING_APPROVAL"));

        assertThat(ok("pipeline", "pause", paused).out()).contains("paused run " + paused + ": now PAUSED");
        CliRun again = admin("pipeline", "pause", paused);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("cannot pause");
        assertThat(admin("pipeline", "pause").exitCode()).as("neither a run nor --pipeline").isEqualTo(2);
        assertThat(admin("pipeline", "pause", paused, "--pipeline", "cli-payout").exitCode()).isEqualTo(2);
        assertThat(json("pipeline", "list", "--definition", "cli-payout", "--status", "paused").path("runs")
                .findValuesAsText("runId")).containsExactly(paused);
        assertThat(ok("pipeline", "resume", paused).out()).contains("now WAITING_APPROVAL");

        String pausedAll = ok("pipeline", "pause", "--pipeline", "cli-payout").out();
        assertThat(pausedAll).contains("paused").contains(paused).contains(rejected).contains(cancelled);
        assertThat(json("pipeline", "resume", "--pipeline", "cli-payout").path("runs").size()).isGreaterThanOrEqualTo(3);

        assertThat(ok("pipeline", "reject", rejected, "review", "--by", "bob").out()).contains("rejected stage review");
        JsonNode compensated = awaitStatus(rejected, "COMPENSATED");
        assertThat(compensated.path("error").path("type").asText()).isEqualTo("rejected");
        assertThat(ok("pipeline", "cancel", cancelled, "--compensate").out()).contains("cancelled (compensating) run");
        awaitStatus(cancelled, "CANCELLED");
        assertThat(admin("pipeline", "cancel", cancelled).exitCode()).as("already ended").isEqualTo(1);

        String listed = ok("pipeline", "list", "--definition", "cli-payout", "--limit", "1").out();
        assertThat(listed).contains("RUN").contains("more: loom pipeline list --after");
        assertThat(ok("pipeline", "list", "--status", "cancelled").out()).contains(cancelled);
        CliRun badStatus = admin("pipeline", "list", "--status", "stuck");
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.err()).contains("stuck");
        assertThat(admin("pipeline", "list", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(admin("pipeline", "list", "--started-after", "yesterday").exitCode()).isEqualTo(2);
        assertThat(admin("pipeline", "status", "nope").err()).contains("no pipeline run 'nope'");
    }

    @Test
    void aFailedStageShowsItsDeadLetterAndRedriveFinishesTheRun() {
        String id = startRun();
        awaitStatus(id, "WAITING_APPROVAL");
        ExampleActors.transport().setFailureRate(1.0);
        try {
            ok("pipeline", "approve", id, "review", "--by", "ann");
            awaitStatus(id, "COMPENSATED");
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        assertThat(ok("pipeline", "status", id).out()).contains("error:      stage notify:");
        String letters = ok("pipeline", "dead-letters", id, "--stage", "notify").out();
        assertThat(letters).contains(id + "/notify/").contains("SendEmail");
        assertThat(json("pipeline", "dead-letters", id, "--stage", "credit").size()).isZero();

        assertThat(ok("pipeline", "redrive", id).out()).contains("redriven run " + id);
        awaitStatus(id, "SUCCEEDED");
        assertThat(admin("pipeline", "redrive", id).exitCode()).as("a succeeded run is not redriven").isEqualTo(1);
    }

    @Test
    void helpDescribesEverySubcommand() {
        String help = CliRun.of("pipeline", "--help").out();
        assertThat(help).contains("register", "definitions", "start", "status", "list", "timeline", "cancel", "pause",
                "resume", "approve", "reject", "redrive", "dead-letters");
        assertThat(CliRun.of("pipeline", "redrive", "--help").out()).contains("failed stage");
        CliRun bare = CliRun.of("pipeline");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("missing subcommand");
    }
}
