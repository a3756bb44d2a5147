package dev.loom.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code examples/quickstart} is a user's project: this test builds it with Maven as a user would ({@code mvn verify},
 * its own unit tests included) against the Loom artifacts of this build, then starts a server with its jar on the
 * class path, as its README says, and checks out a cart over HTTP.
 *
 * <p>The quickstart is copied to {@code target/quickstart} first, so a user's own build in the source tree is left
 * alone and a stale {@code target} there cannot hide a broken build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartBuildTest {
    private static final Path SOURCE = Path.of(property("quickstart.source"));
    private static final Path WORK = Path.of(property("quickstart.work"));
    private static final Path PROJECT = WORK.resolve("project");
    private static final Path JAR = PROJECT.resolve("target/quickstart-1.0-SNAPSHOT.jar");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:/ ]+:(\\d+)");

    @Test
    @Order(1)
    void theQuickstartBuildsAndItsTestsPass() throws Exception {
        deleteTree(WORK);
        copyTree(SOURCE.resolve("pom.xml"), PROJECT.resolve("pom.xml"));
        copyTree(SOURCE.resolve("src"), PROJECT.resolve("src"));
        // mvn looks upwards for a .mvn directory (maven.config, jvm.config); this one stops it at the copy, so
        // options meant for Loom's own build never reach the user's.
        Files.createDirectories(PROJECT.resolve(".mvn"));
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, settingsXml());
        Path log = WORK.resolve("build.log");

        String mvn = Path.of(property("quickstart.maven"), "bin", isWindows() ? "mvn.cmd" : "mvn").toString();
        ProcessBuilder build = new ProcessBuilder(mvn, "-B", "-ntp", "-s", settings.toString(),
                "-Dloom.version=" + property("quickstart.loomVersion"), "verify")
                .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The outer build's options (a debugger port, a -T) are not meant for this one.
        build.environment().remove("MAVEN_OPTS");
        build.environment().remove("MAVEN_ARGS");
        Process p = build.start();
        if (!p.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the quickstart build took longer than " + BUILD_TIMEOUT + "; its log:\n" + tail(log));
        }
        assertThat(p.exitValue()).as("exit status of `mvn verify` in the quickstart; its log:\n%s", tail(log))
                .isZero();

        // A build that ran no tests would also succeed: make sure the handler test ran, and passed.
        Path report = PROJECT.resolve("target/surefire-reports/TEST-com.example.shop.ShoppingCartTest.xml");
        assertThat(report).exists();
        String xml = Files.readString(report);
        assertThat(xml).contains("failures=\"0\"").contains("errors=\"0\"").doesNotContain("tests=\"0\"");
        assertThat(JAR).exists();
    }

    @Test
    @Order(2)
    void aServerWithTheQuickstartJarRunsTheCart() throws Exception {
        assertThat(JAR).as("the quickstart jar (built by the previous test)").exists();
        Path data = WORK.resolve("data");
        String classPath = property("quickstart.loomJar") + File.pathSeparator + JAR;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "dev.loom.cli.LoomCommand", "server",
                "--port", "0").redirectErrorStream(true);
        pb.environment().put("LOOM_DATA_DIR", data.toString());
        pb.environment().remove("LOOM_CONFIG");
        Process server = pb.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(server, output, port));
        try {
            int p = awaitPort(port, output);
            String token = Files.readString(data.resolve("admin.token")).strip();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://localhost:" + p + "/api/actors/cart/alice";

            HttpResponse<String> sent = http.send(post(base + "/messages", token,
                    "{\"type\":\"AddItem\",\"payload\":{\"sku\":\"mug\",\"quantity\":2,\"priceCents\":1250}}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as("send: %s", sent.body()).isEqualTo(202);

            HttpResponse<String> asked = http.send(post(base + "/ask?timeout=10s", token, "{\"type\":\"Checkout\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as("ask: %s", asked.body()).isEqualTo(200);
            JsonNode receipt = Json.parse(asked.body()).path("reply");
            assertThat(receipt.path("paid").asBoolean()).as("reply %s", asked.body()).isTrue();
            assertThat(receipt.path("totalCents").asLong()).isEqualTo(2500);
            assertThat(receipt.path("chargeId").asText()).startsWith("ch_");
        } catch (AssertionError | IOException e) {
            throw new AssertionError(e.getMessage() + "\nserver output:\n" + String.join("\n", output), e);
        } finally {
            // SIGTERM: the server drains and exits; then nothing of it outlives the test.
            server.toHandle().destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            reader.join(5_000);
        }
    }

    private static int awaitPort(CompletableFuture<Integer> port, List<String> output) throws InterruptedException {
        try {
            return port.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not start listening; its output:\n" + String.join("\n", output), e);
        }
    }

    private static HttpRequest post(String uri, String token, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void read(Process server, List<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new AssertionError("the server exited before listening:\n" + String.join("\n", output)));
    }

    /**
     * The quickstart build's settings: its own local repository, and every remote repository mirrored by this
     * build's local repository, which holds whatever third-party artifact the quickstart needs, since this reactor
     * needs the same ones.
     */
    private static String settingsXml() {
        return """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>loom-build-local-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(property("quickstart.repo"), Path.of(property("quickstart.mirror")).toUri());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot clean " + root + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").startsWith("Windows");
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run this test through Maven");
        }
        return v;
    }
}
