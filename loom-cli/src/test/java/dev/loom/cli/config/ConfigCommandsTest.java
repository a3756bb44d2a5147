package dev.loom.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliRun;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("loom.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void validateConfigPrintsEveryProblemAndExitsOne() throws IOException {
        Path f = yaml("http:\n  port: -4\nbogus: 1\nruntime:\n  maxActiveActors: zero\n");
        CliRun run = CliRun.of("validate-config", f.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("3 problem(s)").contains("http.port").contains("bogus").contains("runtime.maxActiveActors");
    }

    @Test
    void validateConfigAcceptsAGoodFileAndShowsTheEffectiveConfig() throws IOException {
        Path f = yaml("http:\n  port: 4000\n");
        CliRun run = CliRun.of("validate-config", f.toString(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = Json.parse(run.out());
        assertThat(out.path("valid").asBoolean()).isTrue();
        assertThat(out.path("config").path("http").path("port").asInt()).isEqualTo(4000);
    }

    @Test
    void malformedYamlIsAProblemWithItsLine() throws IOException {
        Path f = yaml("http:\n  port: [1\n");
        CliRun run = CliRun.of("validate-config", f.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("not valid YAML").contains("line");
    }

    @Test
    void developmentDefaultsAreNotReadyForProduction() throws IOException {
        Path f = yaml("env: development\n");
        CliRun run = CliRun.of("validate-production", "--config", f.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        JsonNode out = Json.parse(run.out());
        assertThat(out.path("ready").asBoolean()).isFalse();
        assertThat(out.path("problems").toString()).contains("LOOM_ENV=production");
    }

    @Test
    void serverRefusesAnInvalidConfigurationWithoutStarting() throws IOException {
        Path f = yaml("http:\n  port: 99999\n");
        CliRun run = CliRun.of("server", "--config", f.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("invalid configuration").contains("http.port");
    }
}
