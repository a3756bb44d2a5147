package dev.loom.deploy;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** The repository around the tests of {@code deploy/}: its files, YAML, external tools and processes. */
final class DeployRepo {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployRepo() {
    }

    /** The repository root: the directory above the module with the reactor pom and {@code deploy/}. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("deploy"))
                    && Files.isDirectory(d.resolve("loom-server"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root with deploy/ above " + p);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every document of a multi-document YAML stream (the output of {@code kubectl kustomize}). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The Maven project version of the reactor (the image tag the manifests run). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>loom-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(path("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in the reactor pom");
        }
        return m.group(1);
    }

    /**
     * An external tool: the first existing candidate, else the tool on the PATH. When it is missing the test
     * fails in CI ({@code CI=true}, where {@code .ci/run} installs it) and is skipped elsewhere, both saying
     * how to install it.
     */
    static Path tool(String name, String install, Path... candidates) {
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> List.of(p.split(java.io.File.pathSeparator)).stream())
                .filter(s -> !s.isEmpty())
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        String message = name + " is not installed; install it with: " + install;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (.ci/run does this in CI, so its absence there is a CI set-up error)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Path kubectl() {
        return tool("kubectl", "apt-get install -y kubectl");
    }

    static Path dockerfilelint() {
        return tool("dockerfilelint", "npm install --prefix .tools/dockerfilelint dockerfilelint@1.8.0",
                path(".tools/dockerfilelint/node_modules/.bin/dockerfilelint"));
    }

    static Path promtool() {
        return tool("promtool", "apt-get install -y prometheus");
    }

    /** What a finished process printed. */
    record Result(int exit, String out, String err) {
    }

    static Result run(Path dir, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("deploy-out", ".txt");
            Path err = Files.createTempFile("deploy-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Seconds of a duration written as Docker Compose and Kubernetes do ({@code 45s}, {@code 2m}, {@code 1m30s}). */
    static long seconds(String text) {
        Matcher m = Pattern.compile("(\\d+)(h|m|s)").matcher(text);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long v = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> v * 3600;
                case "m" -> v * 60;
                default -> v;
            };
            end = m.end();
        }
        if (end != text.length() || end == 0) {
            throw new IllegalArgumentException("not a duration such as 45s or 1m30s: " + text);
        }
        return total;
    }
}
