package dev.loom.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.config.LoomConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.json.Json;
import dev.loom.server.LoomServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every remote command against a real server (SQLite in a temporary directory, random port, tokens). */
class CommandsAgainstServerTest {
    private static final String ADMIN = "admin-cli-test-0123456789abcdef0123";
    private static final String READER = "reader-cli-test-0123456789abcdef012";

    @TempDir
    static Path dir;
    static LoomServer server;
    static String url;

    @BeforeAll
    static void start() {
        server = LoomServer.start(LoomConfig.load(Optional.empty(), env(
                "LOOM_STORE", "sqlite", "LOOM_DATA_DIR", dir.toString(), "LOOM_HTTP_PORT", "0", "LOG_LEVEL", "warn",
                "LOOM_TOKENS", "admin:" + ADMIN + ",reader:" + READER,
                "LOOM_RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND", "100000", "LOOM_RATE_LIMITS_PER_CLIENT_BURST", "100000",
                "LOOM_RATE_LIMITS_PER_TOKEN_REQUESTS_PER_SECOND", "100000", "LOOM_RATE_LIMITS_PER_TOKEN_BURST", "100000",
                // a failing deposit is retried after seconds, so an ask of it cannot finish within a short timeout
                "LOOM_ACTORS_ACCOUNT_RETRY_INITIAL_DELAY", "10s", "LOOM_ACTORS_ACCOUNT_RETRY_MAX_DELAY", "60s")));
        url = "http://127.0.0.1:" + server.port();
    }

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CliRun admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", ADMIN));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode adminJson(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CliRun run = admin(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.parse(run.out());
    }

    @Test
    void healthExitsZeroOnceTheServerIsHealthy() {
        await().atMost(Duration.ofSeconds(20)).until(() -> CliRun.of("health", "--url", url).exitCode() == 0);
        assertThat(CliRun.of("health", "--url", url).out()).contains("status:  healthy").contains("store");
    }

    @Test
    void sendAskStateJournalAndReplayWorkTogetherWithDeduplication() {
        CliRun sent = admin("send", "counter/cli-1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1");
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        assertThat(sent.out()).contains("accepted message").contains("counter/cli-1");
        String firstId = sent.out().replaceAll("(?s).*accepted message (\\S+) for.*", "$1");
        CliRun again = admin("send", "counter/cli-1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("deduplicated: message " + firstId + " for counter/cli-1");
        JsonNode againJson = adminJson("send", "counter/cli-1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1");
        assertThat(againJson.path("messageId").asText()).isEqualTo(firstId);
        assertThat(againJson.path("deduplicated").asBoolean()).isTrue();
        JsonNode reply = adminJson("ask", "counter/cli-1", "Get", "--timeout", "10s");
        assertThat(reply.path("reply").asLong()).isEqualTo(5);

        JsonNode repeated = adminJson("ask", "counter/cli-1", "Increment", "{\"by\": 5}", "--idempotency-key", "inc-1");
        assertThat(repeated.path("deduplicated").asBoolean()).isTrue();
        assertThat(repeated.path("reply").asLong()).isEqualTo(5);

        JsonNode state = adminJson("state", "get", "counter/cli-1");
        assertThat(state.path("state").path("value").asLong()).isEqualTo(5);
        long seq = state.path("seq").asLong();
        assertThat(seq).isEqualTo(2);

        JsonNode journal = adminJson("journal", "show", "counter/cli-1");
        assertThat(journal.path("entries")).hasSize(2);
        assertThat(journal.path("entries").get(0).path("idempotencyKey").asText()).isEqualTo("inc-1");

        CliRun replay = admin("journal", "replay", "counter/cli-1");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("#1 Increment").contains("state: {\"value\":5}").contains("2 entries replayed");
        assertThat(adminJson("state", "get", "counter/cli-1", "--at", "1").path("state").path("value").asLong()).isEqualTo(5);
    }

    @Test
    void serverRefusalsArePrintedWithTheServersMessage() {
        CliRun unknownType = admin("send", "counter/cli-2", "Explode");
        assertThat(unknownType.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknownType.err()).contains("400 unknown_message_type");

        CliRun badPayload = admin("send", "counter/cli-2", "Increment", "{\"by\": \"lots\"}");
        assertThat(badPayload.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(badPayload.err()).contains("400 invalid_message");

        CliRun noToken = CliRun.of("state", "get", "counter/cli-2", "--url", url, "--token", "");
        assertThat(noToken.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(noToken.err()).contains("401 unauthorized");

        CliRun readerSends = CliRun.of("send", "counter/cli-2", "Increment", "{\"by\": 1}", "--url", url, "--token", READER);
        assertThat(readerSends.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(readerSends.err()).contains("403 forbidden");
        assertThat(readerSends.err()).doesNotContain(READER);
    }

    @Test
    void deadLettersCanBeListedShownRedrivenAndPurged() {
        ExampleActors.transport().setFailureRate(1.0);
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(admin("send", "email-sender/cli-mailer", "SendEmail",
                        "{\"to\": \"u" + i + "@example.com\", \"subject\": \"hi\"}").exitCode()).isZero();
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    adminJson("dlq", "list", "--actor-id", "cli-mailer").path("items").size() == 3);
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        JsonNode list = adminJson("dlq", "list", "--actor-id", "cli-mailer");
        assertThat(list.path("total").asLong()).isEqualTo(3);
        String first = list.path("items").get(0).path("id").asText();
        String second = list.path("items").get(1).path("id").asText();

        CliRun show = admin("dlq", "show", first);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("EmailDeliveryException").contains("attempts:        3").contains("stack:");

        CliRun redrive = admin("dlq", "redrive", first);
        assertThat(redrive.out()).contains("redriven: 1");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                adminJson("state", "get", "email-sender/cli-mailer").path("state").path("sent").asLong() == 1);

        CliRun purge = admin("dlq", "purge", second, "--yes");
        assertThat(purge.out()).contains("purged: 1");
        CliRun redriveRest = admin("dlq", "redrive", "--actor-id", "cli-mailer");
        assertThat(redriveRest.out()).contains("redriven: 1");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                adminJson("state", "get", "email-sender/cli-mailer").path("state").path("sent").asLong() == 2);
        assertThat(adminJson("dlq", "list", "--actor-id", "cli-mailer").path("items")).isEmpty();
    }

    @Test
    void askWithATimeoutFailsWithTheServersTimeoutWhenNoReplyComes() {
        CliRun timedOut = admin("ask", "account/slow-1", "Deposit", "{\"amount\": 0}", "--timeout", "300ms");
        assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(timedOut.err()).contains("504").contains("ask_timeout");
        CliRun answered = admin("ask", "account/slow-2", "Deposit", "{\"amount\": 5}", "--timeout", "10s");
        assertThat(answered.exitCode()).as(answered.toString()).isZero();
        assertThat(answered.out().strip()).isEqualTo("5");
    }

    @Test
    void operationalCommandsAnswer() {
        assertThat(admin("send", "counter/ops-1", "Increment", "{\"by\": 1}").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                adminJson("state", "get", "counter/ops-1").path("seq").asLong() == 1);

        CliRun queues = admin("queues");
        assertThat(queues.exitCode()).as(queues.toString()).isZero();

        CliRun breakers = admin("breakers", "list");
        assertThat(breakers.exitCode()).as(breakers.toString()).isZero();
        assertThat(breakers.out()).contains("store").contains("CLOSED");
        CliRun reset = admin("breakers", "reset", "store");
        assertThat(reset.out()).contains("breaker store is now CLOSED");
        CliRun resetUnknown = admin("breakers", "reset", "no-such-breaker");
        assertThat(resetUnknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(resetUnknown.err()).contains("404");

        assertThat(adminJson("cache", "warm", "counter/ops-2").path("warmed").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                adminJson("cache", "clear", "counter/ops-*").path("cleared").asLong() >= 1);
        JsonNode stats = adminJson("cache", "stats");
        assertThat(stats.path("capacity").asLong()).isPositive();
        assertThat(admin("cache", "stats").out()).contains("hit rate:");

        CliRun slow = admin("slow", "--window", "1m");
        assertThat(slow.exitCode()).as(slow.toString()).isZero();
        assertThat(slow.out()).contains("p95 > 500 ms");

        CliRun partitions = admin("partitions");
        assertThat(partitions.exitCode()).as(partitions.toString()).isZero();
        assertThat(partitions.out()).contains("holds 64 of 64 partitions").contains("PENDING").contains("OLDEST AGE");
        JsonNode lag = adminJson("partitions");
        assertThat(lag.path("partitions").get(0).has("pending")).isTrue();
        assertThat(lag.path("partitions").get(0).path("oldestAgeSeconds").isNumber()).isTrue();
    }

    @Test
    void stateListsIdsByPrefixAndAnActorsTimers() {
        for (String id : List.of("pre-a1", "pre-a2", "pre-b1")) {
            assertThat(admin("send", "counter/" + id, "Increment", "{\"by\": 1}").exitCode()).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                adminJson("state", "list", "counter", "--prefix", "pre-").path("ids").size() == 3);
        CliRun listed = admin("state", "list", "counter", "--prefix", "pre-a", "--limit", "1");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("counter/pre-a1").doesNotContain("pre-a2").contains("more: add --after pre-a1");
        assertThat(adminJson("state", "list", "counter", "--prefix", "pre-a", "--after", "pre-a1").path("ids").toString())
                .isEqualTo("[\"pre-a2\"]");
        assertThat(admin("state", "list", "counter", "--prefix", "zzz").out()).contains("no counter actors with ids"
                + " starting with 'zzz'");
        assertThat(admin("state", "list", "counter", "--limit", "0").exitCode()).isEqualTo(ExitCode.USAGE);

        assertThat(admin("send", "reminder/cli-r", "Start", "{\"intervalMillis\": 3600000, \"skipMissed\": true}")
                .exitCode()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                adminJson("state", "timers", "reminder/cli-r").path("timers").size() == 1);
        CliRun timers = admin("state", "timers", "reminder/cli-r");
        assertThat(timers.exitCode()).as(timers.toString()).isZero();
        assertThat(timers.out()).contains("Tick").contains("tick").contains("PT1H").contains("SKIP");
        assertThat(admin("state", "timers", "counter/nobody").out()).contains("no pending timers for counter/nobody");
        CliRun asReader = CliRun.of("state", "timers", "reminder/cli-r", "--url", url, "--token", READER);
        assertThat(asReader.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(asReader.err()).contains("403");
    }

    @Test
    void typesListTheMessageTypesWithTheirFields() {
        CliRun counter = admin("types", "counter");
        assertThat(counter.exitCode()).as(counter.toString()).isZero();
        assertThat(counter.out()).contains("counter").contains("  Increment(by: integer*)").contains("  Reset()");
        JsonNode all = adminJson("types");
        assertThat(all.path("actorTypes").findValuesAsText("type")).contains("counter", "reminder", "email-sender");
        assertThat(admin("types").out()).contains("  Start(intervalMillis: integer*, skipMissed: boolean*)");
        CliRun unknown = admin("types", "nosuchtype");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).contains("404");
    }

    @Test
    void deadLettersAreFilteredByFailureTimeAndSender() {
        ExampleActors.transport().setFailureRate(1.0);
        try {
            assertThat(admin("send", "email-sender/cli-timed", "SendEmail",
                    "{\"to\": \"t@example.com\", \"subject\": \"hi\"}").exitCode()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    adminJson("dlq", "list", "--actor-id", "cli-timed").path("items").size() == 1);
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        assertThat(adminJson("dlq", "list", "--actor-id", "cli-timed", "--failed-after", "2000-01-01T00:00:00Z",
                "--failed-before", "2999-01-01T00:00:00Z").path("total").asLong()).isEqualTo(1);
        assertThat(adminJson("dlq", "list", "--actor-id", "cli-timed", "--failed-before", "2000-01-01T00:00:00Z")
                .path("items")).isEmpty();
        assertThat(adminJson("dlq", "list", "--actor-id", "cli-timed", "--sender", "nobody/x").path("items")).isEmpty();
        CliRun backwards = admin("dlq", "list", "--failed-after", "2030-01-02T00:00:00Z", "--failed-before",
                "2030-01-01T00:00:00Z");
        assertThat(backwards.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(backwards.err()).contains("--failed-before");
        assertThat(admin("dlq", "list", "--failed-after", "yesterday").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun purged = admin("dlq", "purge", "--actor-id", "cli-timed", "--failed-after", "2000-01-01T00:00:00Z", "--yes");
        assertThat(purged.out()).as(purged.toString()).contains("purged: 1");
    }
}
