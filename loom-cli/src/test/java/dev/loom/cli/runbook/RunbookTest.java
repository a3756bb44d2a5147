package dev.loom.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/RUNBOOK.md: every {@code ./loom} and {@code curl} line of its {@code bash} blocks, in document order,
 * against a real server (the production {@code loom.yaml} it describes, SQLite in a temporary directory, the
 * example actors, dead letters made beforehand).
 *
 * <p>Each line runs in the repository root with the environment the runbook tells the operator to set:
 * {@code LOOM_URL}, {@code LOOM_TOKEN}, {@code LOOM_CONFIG} and {@code LOOM_DATA_DIR}. {@code curl} lines run in
 * {@code bash -c} (with {@code pipefail}); {@code ./loom} lines are split into words by bash (quotes, variables)
 * and run in this JVM through {@code LoomCommand}, with its {@code $LOOM_URL}/{@code $LOOM_TOKEN} defaults read
 * from that environment. A {@code ./loom} line may not use pipes or redirections, which an in-process run cannot
 * reproduce. Placeholders are resolved from the live server just before each command (see {@link #placeholders}).
 *
 * <p>Each command must exit 0, or the code its {@code # runbook-test: exit N (why)} directive names; the
 * important ones are also checked for what they print or do ({@link #checks}). Every failure is reported with
 * its runbook line and output.
 */
@Timeout(180)
class RunbookTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CURL_FAILS_ON_HTTP_ERRORS = Pattern.compile("\\s(--fail(-with-body)?|-[a-zA-Z]*f[a-zA-Z]*)(\\s|$)");

    @TempDir
    static Path dir;
    static RunbookServer server;
    /** The two nodes on PostgreSQL that the rolling-update lines address ({@code <new-node-url>}, {@code <node-url>}). */
    static RunbookCluster cluster;
    static Path repoRoot;
    static Map<String, String> env;

    @BeforeAll
    static void startServer() throws IOException {
        repoRoot = findRepoRoot();
        server = RunbookServer.start(dir);
        server.seed();
        cluster = RunbookCluster.start(Files.createDirectories(dir.resolve("cluster")), server.token());
        Files.createDirectories(dir.resolve("backups"));
        env = Map.of(
                "LOOM_URL", server.url(),
                "LOOM_TOKEN", server.token(),
                "LOOM_CONFIG", server.configFile().toString(),
                "LOOM_DATA_DIR", server.dataDir().toString());
    }

    @AfterAll
    static void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * The runbook's placeholders, resolved from the live server when a command needs them. Those naming a dead
     * letter make fresh letters first when the queue has been emptied by earlier commands.
     */
    private static Placeholders placeholders() {
        return new Placeholders()
                .define("dead-letter-id", () -> server.firstDeadLetter().path("id").asText())
                .define("queue", () -> server.firstDeadLetter().path("originalQueue").asText())
                .define("error-type", () -> server.firstDeadLetter().path("error").path("type").asText())
                .define("breaker", RunbookTest::breakerName)
                .define("type", () -> RunbookServer.ACTOR_TYPE)
                .define("id", () -> RunbookServer.ACTOR_ID)
                .define("seq", () -> "1")
                .define("trace-id", server::traceId)
                .define("revoked-token", () -> "revoked-" + UUID.randomUUID())
                .define("backup-file", () -> dir.resolve("backups").resolve("loom-backup.jsonl").toString())
                .define("new-node-url", () -> cluster.urlB())
                .define("node-url", () -> cluster.urlA())
                .define("definition-file", RunbookTest::definitionFile)
                .define("pipeline", () -> RunbookServer.PIPELINE)
                .define("approval-stage", () -> RunbookServer.APPROVAL_STAGE)
                .define("failed-stage", () -> RunbookServer.FAILING_STAGE)
                .define("run-id", server::waitingRun)
                .define("paused-run-id", server::pausedRun)
                .define("failed-run-id", server::failedRun)
                .define("pipeline-dead-letter-id", () -> server.runDeadLetters(server.failedRun()).get(0).path("id").asText());
    }

    /** The runbook's pipeline definition, written to a file for {@code ./loom pipeline register}. */
    private static String definitionFile() {
        Path file = dir.resolve("payout.json");
        try {
            Files.writeString(file, RunbookServer.payoutDefinition());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file.toString();
    }

    /** The open breaker if there is one (the one the procedure is about), else the first. */
    private static String breakerName() {
        JsonNode breakers = server.get("/api/admin/circuit-breakers").path("breakers");
        for (JsonNode b : breakers) {
            if (b.path("state").asText().equals("OPEN")) {
                return b.path("name").asText();
            }
        }
        return breakers.get(0).path("name").asText();
    }

    /** A check of one runbook command (matched by its exact text): something to do before it, and what must hold after. */
    private record Check(Runnable before, Consumer<Shell.Result> after) {
    }

    private static Map<String, Check> checks() {
        Map<String, Check> checks = new HashMap<>();
        checks.put("./loom traces show <trace-id>", new Check(() -> { }, r ->
                assertThat(r.out()).as("the tree of the account's trace").contains("turn account", "outcome=committed")));
        checks.put("./loom traces cleanup --older-than 90d", new Check(() -> { }, r ->
                assertThat(r.out()).contains("cleaned 0 trace(s)")));
        checks.put("./loom health", new Check(() -> { }, r ->
                assertThat(r.out()).as("health reports healthy").containsPattern("status:\\s+healthy").contains("store")));
        checks.put("curl -sS --fail-with-body \"$LOOM_URL/health\"", new Check(() -> { }, r ->
                assertThat(r.out()).contains("\"status\":\"healthy\"")));
        checks.put("./loom breakers list", new Check(() -> { }, r ->
                assertThat(r.out()).as("breakers list shows the store breaker").contains("store").contains("CLOSED")));
        List<String> listedIds = new ArrayList<>();
        checks.put("./loom dlq list", new Check(() -> {
            listedIds.clear();
            server.get("/api/admin/dead-letters?limit=50").path("items").forEach(dl -> listedIds.add(dl.path("id").asText()));
        }, r -> {
            if (listedIds.isEmpty()) {
                assertThat(r.out()).as("dlq list of an empty queue").doesNotContain("dl-");
            } else {
                assertThat(r.out()).as("dlq list shows every dead letter").contains(listedIds);
                dlqListShowedLetters = true;
            }
        }));
        long[] before = new long[1];
        checks.put("./loom dlq redrive --all", new Check(() -> {
            server.produceDeadLetters(2);
            before[0] = server.deadLetterCount();
        }, r -> {
            assertThat(r.out()).contains("redriven: " + before[0]);
            assertThat(server.deadLetterCount()).as("dead letters right after redrive --all").isZero();
            server.awaitQueuesEmpty();
            assertThat(server.deadLetterCount()).as("dead letters once the redriven messages ran").isZero();
        }));
        checks.put("./loom dlq purge --all --yes", new Check(() -> {
            server.produceDeadLetters(1);
            before[0] = server.deadLetterCount();
        }, r -> {
            assertThat(r.out()).contains("purged: " + before[0]);
            assertThat(server.deadLetterCount()).isZero();
        }));
        checks.put("curl -sS --fail-with-body -H \"Authorization: Bearer <revoked-token>\" \"$LOOM_URL/api/admin/info\"",
                new Check(() -> { }, r -> assertThat(r.out()).contains("unauthorized")));
        checks.put("./loom validate-production --config \"$LOOM_CONFIG\"", new Check(() -> { }, r ->
                assertThat(r.out() + r.err()).doesNotContainIgnoringCase("problem:")));
        checks.put("./loom state get <type>/<id> --direct --db \"$LOOM_DATA_DIR/restored.db\"", new Check(() -> { }, r -> {
            JsonNode live = server.get("/api/actors/" + RunbookServer.ACTOR_TYPE + "/" + RunbookServer.ACTOR_ID + "/state");
            assertThat(r.out()).as("the state in the database restored from the export")
                    .containsPattern("\"balance\"\\s*:\\s*" + live.path("state").path("balance").asLong() + "\\b");
        }));
        // Section 6 on a step breaker: an outage of the payment gateway opens payment-gateway, withdrawals wait (no
        // dead letter), the gateway recovers, the operator resets the breaker, and the withdrawals commit once each.
        long[] depth = new long[1];
        checks.put("curl -sS --fail-with-body \"$LOOM_URL/metrics/circuit-breakers\"", new Check(server::startPaymentOutage, r ->
                assertThat(r.out()).as("the open step breaker").containsPattern(
                        "\\{\"name\":\"payment-gateway\",\"state\":\"OPEN\"")));
        checks.put("curl -sS --fail-with-body \"$LOOM_URL/metrics\" | grep -E '^(loom_messages_postponed_total|resilience4j_circuitbreaker_not_permitted_calls_total)'",
                new Check(() -> { }, r -> assertThat(r.out())
                        .contains("loom_messages_postponed_total{actor_type=\"account\",breaker=\"payment-gateway\"}")
                        .contains("resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\"payment-gateway\"}")));
        checks.put("./loom dlq list --queue <type>", new Check(() -> depth[0] = server.queueDepth(), r -> {
            assertThat(depth[0]).as("withdrawals waiting in the account queue").isGreaterThanOrEqualTo(RunbookServer.OUTAGE_ACCOUNTS);
            assertThat(r.out()).as("no account message dead-lettered during the outage").doesNotContain("dl-");
            assertThat(server.deadLetterCount(RunbookServer.ACTOR_TYPE)).isZero();
        }));
        checks.put("./loom breakers reset <breaker>", new Check(server::endPaymentOutage, r -> {
            assertThat(r.out()).contains("payment-gateway").contains("CLOSED");
            assertThat(server.awaitOutageWithdrawals()).as("each waiting withdrawal charged once after the reset")
                    .isEqualTo(RunbookServer.OUTAGE_ACCOUNTS);
            assertThat(server.deadLetterCount(RunbookServer.ACTOR_TYPE)).isZero();
            assertThat(server.breakerState("payment-gateway")).isEqualTo("CLOSED");
        }));
        checks.put("./loom journal replay <type>/<id>", new Check(() -> { }, r ->
                assertThat(r.out()).contains("Deposit").contains("\"balance\":150")));
        checks.put("./loom state get <type>/<id> --at <seq>", new Check(() -> { }, r ->
                assertThat(r.out()).contains("100")));
        // the rolling update across nodes: the old node (A) stops, the new one (B) holds everything, A comes back
        checks.put("./loom health --url <new-node-url>", new Check(() -> { }, r ->
                assertThat(r.out()).containsPattern("status:\\s+healthy")));
        checks.put("./loom partitions --url <new-node-url>", new Check(() -> {
            cluster.stopA();
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.heldByB() == 64);
        }, r -> assertThat(r.out()).contains("node " + RunbookCluster.NODE_B + " holds 64 of 64 partitions")));
        checks.put("./loom health --url <node-url>", new Check(() -> {
            cluster.startA();
            // the operator repeats the check until it passes: the new node is healthy once it holds a partition
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.heldByA() > 0);
        }, r ->
                assertThat(r.out()).containsPattern("status:\\s+healthy")));
        checks.put("./loom partitions --url <node-url>", new Check(
                () -> await().atMost(Duration.ofSeconds(30)).until(() -> cluster.heldByA() == 32),
                r -> assertThat(r.out()).contains("node " + RunbookCluster.NODE_A + " holds 32 of 64 partitions")));
        pipelineChecks(checks);
        return checks;
    }

    /** The pipeline procedures (section 13) do what they say. */
    private static void pipelineChecks(Map<String, Check> checks) {
        checks.put("./loom pipeline register <definition-file>", new Check(() -> { }, r ->
                assertThat(r.out()).contains("pipeline payout version 1 with 3 stage(s)")));
        checks.put("./loom pipeline start <pipeline> --input '{\"account\": \"acc-runbook\", \"amount\": 5}'"
                + " --idempotency-key runbook-1", new Check(() -> { }, r ->
                assertThat(r.out()).startsWith(RunbookServer.PIPELINE + "~")));
        checks.put("./loom pipeline timeline <run-id>", new Check(() -> { }, r ->
                assertThat(r.out()).contains("APPROVAL_WAITING", "TASK_SUCCEEDED", "credit", "review")));
        checks.put("./loom pipeline pause --pipeline <pipeline>", new Check(server::waitingRun, r -> {
            assertThat(r.out()).containsPattern("paused [1-9][0-9]* run\\(s\\) of pipeline payout");
            assertThat(server.get("/api/pipeline-runs?definition=payout&status=PAUSED").path("runs")).isNotEmpty();
        }));
        checks.put("./loom pipeline approve <run-id> <approval-stage> --by ops-oncall --comment \"checked the amount\"",
                new Check(() -> { }, r -> assertThat(r.out()).contains("approved stage review of run")));
        checks.put("./loom pipeline dead-letters <failed-run-id> --stage <failed-stage>", new Check(() -> { }, r ->
                assertThat(r.out()).contains("/notify/", "SendEmail")));
        checks.put("./loom pipeline redrive <failed-run-id>", new Check(() -> { }, r -> {
            java.util.regex.Matcher m = Pattern.compile("redriven run (\\S+):").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            String id = m.group(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.runStatus(id).equals("SUCCEEDED"));
        }));
    }

    static boolean dlqListShowedLetters;

    @Test
    void everyCommandOfTheRunbookWorksAgainstARealServer() throws Exception {
        List<RunbookCommand> commands = RunbookParser.parse(Files.readString(repoRoot.resolve("docs/RUNBOOK.md")));
        Placeholders placeholders = placeholders();
        Map<String, Check> checks = checks();
        Set<String> checked = new HashSet<>();
        Shell shell = new Shell(repoRoot, env, Files.createDirectories(dir.resolve("shell")));
        InProcessLoom loom = new InProcessLoom(env);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (RunbookCommand command : commands) {
            if (!(command.expectation() instanceof RunbookCommand.Run run)) {
                continue;
            }
            ran++;
            Optional<Check> check = Optional.ofNullable(checks.get(command.text()));
            try {
                check.ifPresent(c -> c.before().run());
                Shell.Result result = execute(command, placeholders.resolve(command.text()), shell, loom);
                assertThat(result.exitCode()).as("exit code\n" + result).isEqualTo(run.exitCode());
                if (check.isPresent()) {
                    check.get().after().accept(result);
                    checked.add(command.text());
                }
            } catch (AssertionError | RuntimeException e) {
                failures.add(command + "\n" + e.getMessage());
            }
        }
        assertThat(failures).as("runbook commands that failed").isEmpty();
        assertThat(checks.keySet()).as("commands with output checks that the runbook no longer contains")
                .containsExactlyInAnyOrderElementsOf(checked);
        assertThat(dlqListShowedLetters).as("some `./loom dlq list` ran while there were dead letters").isTrue();
        assertThat(ran).as("commands run").isGreaterThan(60);
    }

    private static Shell.Result execute(RunbookCommand command, String resolved, Shell shell, InProcessLoom loom)
            throws IOException, InterruptedException {
        if (!command.isLoomCommand()) {
            if (!CURL_FAILS_ON_HTTP_ERRORS.matcher(resolved).find()) {
                throw new IllegalArgumentException("a curl line must use --fail-with-body (or --fail), so that an HTTP"
                        + " error fails it");
            }
            return shell.run(resolved, COMMAND_TIMEOUT);
        }
        Optional<String> operator = ShellLine.firstOperator(resolved);
        if (operator.isPresent()) {
            throw new IllegalArgumentException("a ./loom line may not use '" + operator.get()
                    + "' (it runs in-process); split it into separate lines or use curl");
        }
        return loom.run(shell.words(resolved.substring("./loom ".length())));
    }

    private static Path findRepoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/RUNBOOK.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no docs/RUNBOOK.md in " + Path.of("").toAbsolutePath() + " or above");
        }
        return p;
    }
}
