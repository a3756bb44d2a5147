package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.config.DeploymentEnv;
import dev.loom.config.LoomConfig;
import dev.loom.deploy.DockerfileModel.Copy;
import dev.loom.deploy.DockerfileModel.Stage;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code deploy/Dockerfile} against the repository, since no image can be built here: the build stage copies
 * what Maven needs and builds the jar the way the {@code ./loom} launcher does, the runtime stage runs that
 * jar as a non-root user with the port, volume and health check of the configuration it ships (read by the
 * server's own loader), and the file passes {@code dockerfilelint}.
 */
class DeployDockerfileTest {
    @TempDir
    static Path dir;
    static ProbeServer server;
    static DockerfileModel dockerfile;
    static Path root;

    @BeforeAll
    static void start() {
        root = DeployRepo.root();
        dockerfile = DockerfileModel.parse(DeployRepo.read(root.resolve("deploy/Dockerfile")));
        server = new ProbeServer(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void passesDockerfilelint() throws Exception {
        Path lint = DeployRepo.dockerfilelint();
        DeployRepo.Result r = DeployRepo.run(root, Duration.ofSeconds(60), lint.toString(), "-o", "json", "deploy/Dockerfile");
        JsonNode report = DeployRepo.YAML.readTree(r.out());
        assertThat(report.path("totalIssues").asInt(-1))
                .as("dockerfilelint issues (exit %d): %s %s", r.exit(), report.path("files"), r.err()).isZero();
        assertThat(r.exit()).isZero();
    }

    @Test
    void everyCopiedPathExistsAndIsInTheBuildContext() {
        List<String> ignore = dockerignore();
        List<Copy> fromContext = dockerfile.stages().stream().flatMap(s -> s.all("COPY").stream())
                .map(Copy::of).filter(c -> !c.flags().containsKey("from")).toList();
        assertThat(fromContext).isNotEmpty();
        for (Copy c : fromContext) {
            for (String src : c.sources()) {
                assertThat(root.resolve(src)).as("line %d copies %s from the repository root", c.line(), src).exists();
                assertThat(excluded(ignore, src)).as("line %d copies %s, which .dockerignore excludes", c.line(), src).isFalse();
            }
        }
        assertThat(dockerfile.stages().stream().flatMap(s -> s.all("ADD").stream()))
                .as("ADD fetches URLs and unpacks archives; COPY says what it does").isEmpty();
    }

    @Test
    void dockerignoreKeepsBuildOutputDataAndSecretsOut() {
        List<String> ignore = dockerignore();
        for (String p : List.of(".git/config", "loom-core/target/classes", "loom-cli/target/loom.jar", "data/loom.db",
                "data/admin.token", "deploy/secrets/admin-token", ".tools/dockerfilelint")) {
            assertThat(excluded(ignore, p)).as(".dockerignore excludes %s", p).isTrue();
        }
    }

    @Test
    void buildStageHasEveryPomAndTheSourcesOfEveryModuleMavenBuilds() throws Exception {
        Stage build = dockerfile.stage("build");
        Set<String> copied = new LinkedHashSet<>();
        build.all("COPY").stream().map(Copy::of).forEach(c -> copied.addAll(c.sources()));
        List<String> modules = modules(root.resolve("pom.xml"));
        assertThat(copied).as("the reactor pom").contains("pom.xml");
        for (String m : modules) {
            assertThat(copied).as("Maven reads every module's pom, even one it does not build").contains(m + "/pom.xml");
        }
        for (String m : reactorOf("loom-cli", modules)) {
            assertThat(copied).as("-pl loom-cli -am builds %s", m).contains(m + "/src");
        }
    }

    @Test
    void buildsTheJarTheWayTheLauncherDoesAndRunsIt() throws Exception {
        Stage build = dockerfile.stage("build");
        Matcher launcher = Pattern.compile("mvn (-B -q -Dmaven\\.test\\.skip=true -pl loom-cli -am package)")
                .matcher(DeployRepo.read(root.resolve("loom")));
        assertThat(launcher.find()).as("the ./loom launcher's build command").isTrue();
        assertThat(build.only("RUN").args()).isEqualTo("mvn " + launcher.group(1));

        String workdir = build.only("WORKDIR").args();
        String jar = workdir + "/loom-cli/target/" + shadedJarName() + ".jar";
        Stage runtime = dockerfile.last();
        Copy fromBuild = runtime.all("COPY").stream().map(Copy::of)
                .filter(c -> "build".equals(c.flags().get("from"))).findFirst().orElseThrow();
        assertThat(fromBuild.sources()).as("the jar loom-cli's shade plugin writes").containsExactly(jar);

        List<String> entrypoint = DockerfileModel.execForm(runtime.only("ENTRYPOINT"));
        List<String> cmd = DockerfileModel.execForm(runtime.only("CMD"));
        assertThat(entrypoint).containsExactly("java", "-jar", fromBuild.destination());
        assertThat(cmd).containsExactly("server");
        assertThat(DeployRepo.read(root.resolve("loom-cli/src/main/java/dev/loom/cli/server/ServerCommand.java")))
                .as("the CLI's server command").contains("@Command(name = \"server\"");
    }

    @Test
    void imagesAreMavenOnJava21ThenAJre21() {
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(javaMajor(dockerfile.stage("build").image())).isGreaterThanOrEqualTo(21);
        assertThat(dockerfile.stage("build").image()).startsWith("maven:");
        Stage runtime = dockerfile.last();
        assertThat(runtime.image()).as("a JRE, not a JDK or the Maven image").contains("-jre").doesNotContain("maven");
        assertThat(javaMajor(runtime.image())).isGreaterThanOrEqualTo(21);
    }

    @Test
    void runtimeMatchesTheConfigurationItShips() {
        Stage runtime = dockerfile.last();
        Map<String, String> env = runtime.env();
        Copy config = runtime.all("COPY").stream().map(Copy::of)
                .filter(c -> c.sources().equals(List.of("deploy/loom.yaml"))).findFirst().orElseThrow();
        assertThat(env.get("LOOM_CONFIG")).as("LOOM_CONFIG names the copied loom.yaml").isEqualTo(config.destination());
        assertThat(env).as("listens on every interface of the container").containsEntry("LOOM_HTTP_HOST", "0.0.0.0");

        LoomConfig c = loadShippedConfig(env);
        assertThat(c.env()).isEqualTo(DeploymentEnv.PRODUCTION);
        assertThat(c.productionProblems()).as("what validate-production refuses, with its token file present").isEmpty();

        int port = c.http().port();
        assertThat(runtime.only("EXPOSE").args()).isEqualTo(String.valueOf(port));
        List<String> volumes = DockerfileModel.execForm(runtime.only("VOLUME"));
        assertThat(volumes).as("the data directory is the volume").containsExactly(c.store().dataDir().toString());
        assertThat(runtime.only("WORKDIR").args()).isEqualTo(c.store().dataDir().toString());

        String health = runtime.only("HEALTHCHECK").args();
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{LOOM_HTTP_PORT:-(\\d+)}(/\\S*?)\"").matcher(health);
        assertThat(url.find()).as("HEALTHCHECK asks the container's own port: %s", health).isTrue();
        assertThat(Integer.parseInt(url.group(1))).as("the HEALTHCHECK's default port").isEqualTo(port);
        assertThat(url.group(2)).isEqualTo("/health/live");
        server.assertAnswersWithoutToken(url.group(2), "HEALTHCHECK");
        assertThat(env.get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void runsAsANonRootUserThatOwnsTheDataDirectory() {
        Stage runtime = dockerfile.last();
        String user = runtime.only("USER").args();
        assertThat(user).as("a numeric uid:gid, so Kubernetes can check runAsNonRoot").matches("\\d+:\\d+");
        assertThat(user).doesNotStartWith("0:");
        String uid = user.substring(0, user.indexOf(':'));
        String setup = runtime.all("RUN").stream().map(DockerfileModel.Instruction::args).reduce("", String::concat);
        assertThat(setup).contains("--uid " + uid).contains("chown loom:loom " + loadShippedConfig(runtime.env()).store().dataDir());
        int userLine = runtime.only("USER").line();
        assertThat(runtime.instructions().stream().filter(i -> i.keyword().equals("RUN")).allMatch(i -> i.line() < userLine))
                .as("every RUN (package installs, user creation) before USER").isTrue();
    }

    /** The shipped loom.yaml under the image's ENV, its token files provided as a deployment mounts them. */
    static LoomConfig loadShippedConfig(Map<String, String> imageEnv) {
        String yaml = DeployRepo.read(root.resolve("deploy/loom.yaml"));
        ContainerConfig container = new ContainerConfig(dir);
        Matcher files = Pattern.compile("file:(/\\S+)/([^/\\s]+)").matcher(yaml);
        while (files.find()) {
            container.mount(files.group(1), List.of(files.group(2)));
        }
        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        env.remove("LOOM_CONFIG");
        return container.load(Optional.of(yaml), env).orThrow();
    }

    private static int javaMajor(String image) {
        Matcher m = Pattern.compile("(?:temurin|jdk|jre)[-:]?(\\d+)|:(\\d+)-jre").matcher(image);
        assertThat(m.find()).as("a Java version in the image name %s", image).isTrue();
        return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static String shadedJarName() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("loom-cli/pom.xml").toFile());
        NodeList names = doc.getElementsByTagName("finalName");
        assertThat(names.getLength()).as("loom-cli's shade plugin names the jar").isEqualTo(1);
        return names.item(0).getTextContent().strip();
    }

    static List<String> modules(Path pom) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        List<String> out = new ArrayList<>();
        NodeList list = doc.getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent().strip());
        }
        return out;
    }

    /** A module and every reactor module it depends on, in any scope (what {@code -pl m -am} builds). */
    static Set<String> reactorOf(String module, List<String> modules) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (!seen.add(m)) {
                continue;
            }
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve(m + "/pom.xml").toFile());
            NodeList deps = doc.getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                if (d.getParentNode().getParentNode().getNodeName().equals("dependencyManagement")) {
                    continue;
                }
                String group = child(d, "groupId");
                String artifact = child(d, "artifactId");
                if ("dev.loom".equals(group) && modules.contains(artifact)) {
                    todo.push(artifact);
                }
            }
        }
        return seen;
    }

    private static String child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(tag)) {
                return n.getTextContent().strip();
            }
        }
        return null;
    }

    static List<String> dockerignore() {
        List<String> patterns = DeployRepo.read(DeployRepo.path(".dockerignore")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).as("no '!' exceptions: this test's matcher does not model them")
                .noneMatch(p -> p.startsWith("!"));
        return patterns;
    }

    /**
     * Whether Docker leaves {@code path} out of the build context: a pattern matches it or one of its parent
     * directories ({@code **} matching any number of directories, none included, as in Docker).
     */
    static boolean excluded(List<String> patterns, String path) {
        Path p = Path.of(path);
        for (String pattern : patterns) {
            List<PathMatcher> matchers = new ArrayList<>();
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
            for (Path q = p; q != null; q = q.getParent()) {
                for (PathMatcher m : matchers) {
                    if (m.matches(q)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
