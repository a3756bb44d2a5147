package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document passes Redocly's linter ({@code @redocly/cli lint}, recommended rules) with no
 * errors and no warnings, except the deliberate findings {@code openapi/.redocly.lint-ignore.yaml} lists with
 * their reasons.
 *
 * <p>The linter is an npm package that {@code .ci/run} installs into {@code .tools/redocly} at the repository's
 * root. Under CI ({@code CI=true}) a missing linter fails this test; elsewhere the test is skipped with a message
 * saying how to install it, so that a build without Node.js still runs every other test.
 */
class OpenApiLintTest {
    static final Path CLI = Path.of(".tools", "redocly", "node_modules", "@redocly", "cli", "bin", "cli.js");
    static final String INSTALL = "npm install --prefix .tools/redocly --no-audit --no-fund"
            + " @redocly/cli@<the version pinned in .ci/run> (or run .ci/run)";
    static final String IGNORE_FILE = ".redocly.lint-ignore.yaml";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theServedDocumentLintsClean(@TempDir Path dir) throws IOException, InterruptedException {
        Path cli = linter();
        Path doc = dir.resolve("openapi.json");
        try (LoomServer server = TestServers.sqlite(dir.resolve("data"))) {
            Http.Response r = new Http(server.port()).get("/api/openapi.json");
            assertThat(r.status()).isEqualTo(200);
            Files.writeString(doc, r.body(), StandardCharsets.UTF_8);
        }
        copyResource("redocly.yaml", dir);
        int ignorable = ignoredFindings(copyResource(IGNORE_FILE, dir));
        Path out = dir.resolve("lint.json");
        Path err = dir.resolve("lint.err");
        // Run in the directory of the document, where the linter finds its ignore file.
        ProcessBuilder pb = new ProcessBuilder(List.of("node", cli.toString(), "lint", doc.getFileName().toString(),
                "--config", "redocly.yaml", "--format", "json"))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("REDOCLY_TELEMETRY", "off");
        pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the linter did not finish within 180 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        JsonNode report = parse(stdout, stderr);
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            problems.add(problem.path("severity").asText() + " " + problem.path("ruleId").asText() + ": "
                    + problem.path("message").asText() + " at " + problem.path("location").findValuesAsText("pointer"));
        }
        assertThat(problems).as("linter problems").isEmpty();
        assertThat(report.path("totals").path("errors").asInt(-1)).as("errors").isZero();
        assertThat(report.path("totals").path("warnings").asInt(-1)).as("warnings").isZero();
        assertThat(report.path("totals").path("ignored").asInt(-1)).as("findings ignored by " + IGNORE_FILE
                + " (each entry must still apply)").isEqualTo(ignorable);
        assertThat(p.exitValue()).as("linter exit code; stderr:\n" + stderr).isZero();
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        try (InputStream in = OpenApiLintTest.class.getResourceAsStream("/openapi/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource openapi/" + name + " is missing");
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    /** How many findings the ignore file lists: {@code file -> rule -> [pointers]}. */
    private static int ignoredFindings(Path ignoreFile) throws IOException {
        int n = 0;
        for (JsonNode rules : new YAMLMapper().readTree(ignoreFile.toFile())) {
            for (JsonNode pointers : rules) {
                n += pointers.size();
            }
        }
        return n;
    }

    private static JsonNode parse(String stdout, String stderr) throws IOException {
        int start = stdout.indexOf('{');
        if (start < 0) {
            fail("the linter printed no JSON report; stdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return MAPPER.readTree(stdout.substring(start));
    }

    /** The linter's entry script, or the test fails (CI) or is skipped (elsewhere) when it is not installed. */
    static Path linter() {
        Optional<Path> cli = repositoryRoot().map(root -> root.resolve(CLI)).filter(Files::isRegularFile);
        if (cli.isEmpty()) {
            String message = "the OpenAPI linter is not installed at " + CLI + "; install it with: " + INSTALL;
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return cli.get();
    }

    /** The repository's root: the nearest directory up from the working directory that holds {@code .ci/run}. */
    static Optional<Path> repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(".ci").resolve("run"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
