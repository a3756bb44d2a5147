package dev.loom.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.cli.StubServer;
import dev.loom.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqCommandsAgainstStubTest {
    private static final String LETTER = """
            {"id":"dl-1","originalQueue":"email-sender","actorType":"email-sender","actorId":"e1",
             "message":{"messageId":"m1","messageType":"SendEmail","payload":"{\\"to\\":\\"a@b\\"}","idempotencyKey":null,"enqueuedAt":"2026-01-01T00:00:00Z"},
             "error":{"type":"java.io.IOException","message":"smtp down","stack":"java.io.IOException: smtp down\\n\\tat X.y(X.java:1)"},
             "attempts":5,"firstFailedAt":"2026-01-01T00:00:01Z","lastFailedAt":"2026-01-01T00:00:09Z"}""";
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
    void listSendsTheFilterAndShowsLettersAndTotal() {
        stub.on("GET", "/api/admin/dead-letters", 200, "{\"items\":[" + LETTER + "],\"next\":\"dl-1\",\"total\":7}");
        CliRun run = CliRun.of("dlq", "list", "--queue", "email-sender", "--error-type", "java.io.IOException", "--limit", "1", "--url", stub.url());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("dl-1").contains("email-sender/e1").contains("smtp down").contains("1 shown of 7 matching")
                .contains("more: add --after dl-1");
        assertThat(stub.requests().getFirst().query()).contains("queue=email-sender").contains("errorType=java.io.IOException").contains("limit=1");
    }

    @Test
    void showPrintsTheStackTrace() {
        stub.on("GET", "/api/admin/dead-letters/dl-1", 200, LETTER);
        CliRun run = CliRun.of("dlq", "show", "dl-1", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("attempts:        5").contains("at X.y(X.java:1)").contains("SendEmail");
    }

    @Test
    void showUnknownIdFails() {
        stub.on("GET", "/api/admin/dead-letters/nope", 404, "{\"error\":\"not_found\",\"message\":\"no dead letter 'nope'\"}");
        CliRun run = CliRun.of("dlq", "show", "nope", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("no dead letter 'nope'");
    }

    @Test
    void redriveByIdsByFilterAndAllSendTheContractBodies() {
        stub.on("POST", "/api/admin/dead-letters/redrive", 200, "{\"redriven\":2}");
        assertThat(CliRun.of("dlq", "redrive", "dl-1", "dl-2", "--url", stub.url()).out()).contains("redriven: 2");
        assertThat(CliRun.of("dlq", "redrive", "--queue", "email-sender", "--url", stub.url()).exitCode()).isZero();
        assertThat(CliRun.of("dlq", "redrive", "--all", "--url", stub.url()).exitCode()).isZero();
        assertThat(Json.parse(stub.requests().get(0).body()).path("ids")).hasSize(2);
        assertThat(Json.parse(stub.requests().get(1).body()).path("filter").path("queue").asText()).isEqualTo("email-sender");
        assertThat(Json.parse(stub.requests().get(2).body()).path("all").asBoolean()).isTrue();
    }

    @Test
    void redriveNeedsExactlyOneSelection() {
        CliRun none = CliRun.of("dlq", "redrive", "--url", stub.url());
        CliRun two = CliRun.of("dlq", "redrive", "dl-1", "--all", "--url", stub.url());
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(two.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("exactly one");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void purgeWithoutYesAndWithoutATerminalDeletesNothing() {
        CliRun run = CliRun.of("dlq", "purge", "--all", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("pass --yes");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void purgeWithYesPurges() {
        stub.on("POST", "/api/admin/dead-letters/purge", 200, "{\"purged\":3}");
        CliRun run = CliRun.of("dlq", "purge", "--error-type", "java.io.IOException", "--yes", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("purged: 3");
        assertThat(Json.parse(stub.requests().getFirst().body()).path("filter").path("errorType").asText()).isEqualTo("java.io.IOException");
    }
}
