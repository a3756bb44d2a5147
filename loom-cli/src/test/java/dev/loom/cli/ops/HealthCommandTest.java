package dev.loom.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.cli.StubServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code loom health} exits 0 only on a healthy report, so a script cannot pass on anything else. */
class HealthCommandTest {
    private static final String HEALTHY = """
            {"status":"healthy","timestamp":"2026-01-01T00:00:00Z","uptime":3725,"version":"0.1.0",
             "checks":{"store":{"status":"healthy","latencyMs":2},"partitions":{"status":"healthy","held":64,"total":64},
                       "breakers":{"status":"healthy","open":[]}}}""";
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
    void healthyExitsZeroAndShowsChecks() {
        stub.on("GET", "/health", 200, HEALTHY);
        CliRun run = CliRun.of("health", "--url", stub.url());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("status:  healthy").contains("uptime: 1h02m05s").contains("held=64");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void degradedExitsOne() {
        stub.on("GET", "/health", 503, HEALTHY.replace("\"status\":\"healthy\",\"timestamp\"", "\"status\":\"degraded\",\"timestamp\""));
        CliRun run = CliRun.of("health", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("status:  degraded");
        assertThat(run.err()).contains("is degraded");
    }

    @Test
    void aHealthyLookingBodyWithTheWrongStatusCodeIsNotHealthy() {
        stub.on("GET", "/health", 503, HEALTHY);
        assertThat(CliRun.of("health", "--url", stub.url()).exitCode()).isEqualTo(ExitCode.FAILURE);
    }

    @Test
    void notFoundIsAFailureNotHealthy() {
        CliRun run = CliRun.of("health", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("404");
    }

    @Test
    void aNonLoomOkAnswerIsAFailure() {
        stub.on("GET", "/health", 200, "<html>ok</html>");
        CliRun run = CliRun.of("health", "--url", stub.url());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("did not return a Loom health report");
    }

    @Test
    void jsonPrintsTheReport() {
        stub.on("GET", "/health", 200, HEALTHY);
        CliRun run = CliRun.of("health", "--json", "--url", stub.url());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"latencyMs\" : 2");
    }
}
