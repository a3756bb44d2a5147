package dev.loom.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.cli.StubServer;
import dev.loom.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client side of remote commands: what they send, and how they report every kind of answer. */
class RemoteCommandsAgainstStubTest {
    private StubServer stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void sendPostsTypePayloadDelayAndHeadersAndPrintsTheMessageId() {
        stub.on("POST", "/api/actors/counter/c:1@x/messages", 202,
                "{\"messageId\":\"m-77\",\"actor\":\"counter/c:1@x\",\"deduplicated\":false}");
        CliRun run = CliRun.of("send", "counter/c:1@x", "Increment", "{\"by\": 5}", "--idempotency-key", "k-1",
                "--delay", "30s", "--url", stub.url(), "--token", "secret-token");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("accepted message m-77 for counter/c:1@x");
        StubServer.Request req = stub.requests().getFirst();
        assertThat(req.rawPath()).isEqualTo("/api/actors/counter/c%3A1%40x/messages");
        assertThat(req.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(req.header("Idempotency-Key")).isEqualTo("k-1");
        JsonNode body = Json.parse(req.body());
        assertThat(body.path("type").asText()).isEqualTo("Increment");
        assertThat(body.path("payload").path("by").asInt()).isEqualTo(5);
        assertThat(body.path("delay").asText()).isEqualTo("PT30S");
    }

    @Test
    void aDeduplicatedSendSaysSoAndNamesTheFirstMessage() {
        stub.on("POST", "/api/actors/counter/c1/messages", 202,
                "{\"messageId\":\"m-1\",\"actor\":\"counter/c1\",\"deduplicated\":true}");
        CliRun human = CliRun.of("send", "counter/c1", "Increment", "{\"by\": 5}", "--idempotency-key", "k-1",
                "--url", stub.url(), "--token", "t");
        assertThat(human.exitCode()).as(human.toString()).isZero();
        assertThat(human.out()).contains("deduplicated: message m-1 for counter/c1 already has idempotency key k-1")
                .doesNotContain("accepted message");

        CliRun json = CliRun.of("send", "counter/c1", "Increment", "--idempotency-key", "k-1", "--json",
                "--url", stub.url(), "--token", "t");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode answer = Json.parse(json.out());
        assertThat(answer.path("messageId").asText()).isEqualTo("m-1");
        assertThat(answer.path("deduplicated").asBoolean()).isTrue();
    }

    @Test
    void noTokenMeansNoAuthorizationHeader() {
        stub.on("GET", "/api/admin/queues", 200, "{\"queues\":[]}");
        CliRun run = CliRun.of("queues", "--url", stub.url(), "--token", "");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("all queues are empty");
        assertThat(stub.requests().getFirst().header("Authorization")).isNull();
    }

    @Test
    void serverErrorIsPrintedWithItsCodeAndMessageAndExitsOne() {
        stub.on("POST", "/api/actors/counter/c1/messages", 400,
                "{\"error\":\"unknown_message_type\",\"message\":\"counter has no message type 'Inc'; known: Increment, Reset, Get\"}");
        CliRun run = CliRun.of("send", "counter/c1", "Inc", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("server answered 400 unknown_message_type: counter has no message type 'Inc'; known: Increment, Reset, Get");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aNonLoomErrorBodyIsReportedAsSuch() {
        stub.on("GET", "/api/admin/queues", 502, "<html>Bad gateway</html>");
        CliRun run = CliRun.of("queues", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("server answered 502").contains("not a Loom error body").contains("Bad gateway");
    }

    @Test
    void connectionRefusedExitsThreeAndSaysWhatToDo() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        CliRun run = CliRun.of("state", "get", "counter/c1", "--url", "http://127.0.0.1:" + freePort);
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the Loom server at http://127.0.0.1:" + freePort)
                .contains("connection refused").contains("LOOM_URL");
    }

    @Test
    void invalidUrlIsAUsageError() {
        CliRun run = CliRun.of("queues", "--url", "localhost:3000");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("invalid --url 'localhost:3000'");
    }

    @Test
    void jsonFlagPrintsTheServersAnswer() {
        stub.on("GET", "/api/actors/counter/c1/state", 200, "{\"actor\":\"counter/c1\",\"seq\":3,\"state\":{\"value\":12}}");
        CliRun run = CliRun.of("state", "get", "counter/c1", "--at", "3", "--json", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(Json.parse(run.out()).path("state").path("value").asInt()).isEqualTo(12);
        assertThat(stub.requests().getFirst().query()).isEqualTo("at=3");
    }

    @Test
    void humanStateShowsSeqAndState() {
        stub.on("GET", "/api/actors/counter/c1/state", 200, "{\"actor\":\"counter/c1\",\"seq\":0,\"state\":{\"value\":0}}");
        CliRun run = CliRun.of("state", "get", "counter/c1", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("counter/c1 at seq 0 (no turn committed yet").contains("\"value\" : 0");
    }

    @Test
    void journalShowPrintsATableAndTheNextPageCommand() {
        stub.on("GET", "/api/actors/counter/c1/journal", 200, """
                {"actor":"counter/c1","entries":[
                 {"seq":1,"messageId":"m1","messageType":"Increment","idempotencyKey":"k1","patch":[{"op":"replace","path":"/value","value":5}],"traceparent":null,"committedAt":"2026-01-01T10:00:00Z"},
                 {"seq":2,"messageId":"m2","messageType":"Reset","idempotencyKey":null,"patch":[],"traceparent":null,"committedAt":"2026-01-01T10:01:00Z"}],
                 "next":3}""");
        CliRun run = CliRun.of("journal", "show", "counter/c1", "--limit", "2", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("SEQ").contains("Increment").contains("k1").contains("\"path\":\"/value\"")
                .contains("more: loom journal show counter/c1 --from 3 --limit 2");
        assertThat(stub.requests().getFirst().query()).contains("from=1").contains("limit=2");
    }

    @Test
    void replayPrintsEachEntryWithTheStateItProduced() {
        stub.on("GET", "/api/actors/counter/c1/replay", 200, """
                {"actor":"counter/c1","steps":[
                 {"entry":{"seq":1,"messageId":"m1","messageType":"Increment","idempotencyKey":null,"patch":[],"committedAt":"2026-01-01T10:00:00Z"},"state":{"value":5}},
                 {"entry":{"seq":2,"messageId":"m2","messageType":"Increment","idempotencyKey":null,"patch":[],"committedAt":"2026-01-01T10:01:00Z"},"state":{"value":7}}]}""");
        CliRun run = CliRun.of("journal", "replay", "counter/c1", "--to", "2", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("#1 Increment at 2026-01-01T10:00:00Z").contains("state: {\"value\":5}")
                .contains("state: {\"value\":7}").contains("2 entries replayed");
    }

    @Test
    void replayRefusesAnInvertedRange() {
        CliRun run = CliRun.of("journal", "replay", "counter/c1", "--from", "5", "--to", "2", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void askSendsTheTimeoutAndPrintsTheReplyAndDeduplication() {
        stub.on("POST", "/api/actors/counter/c1/ask", 200, "{\"messageId\":\"m9\",\"reply\":42,\"deduplicated\":true}");
        CliRun run = CliRun.of("ask", "counter/c1", "Get", "--timeout", "5s", "--url", stub.url());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("42").contains("stored reply of an earlier message");
        assertThat(stub.requests().getFirst().query()).isEqualTo("timeout=PT5S");
    }

    @Test
    void askTimeoutFromTheServerIsReported() {
        stub.on("POST", "/api/actors/counter/c1/ask", 504, "{\"error\":\"ask_timeout\",\"message\":\"no reply within PT1S; the message stays accepted\"}");
        CliRun run = CliRun.of("ask", "counter/c1", "Get", "--timeout", "1s", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("504 ask_timeout");
    }
}
