package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.config.LoomConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/docker-compose.yml} (and its SQLite override) without a Docker engine: each node's
 * configuration is the image's {@code loom.yaml} under the node's environment, loaded by the server's loader
 * with the Compose secrets laid out as mounted; Prometheus scrapes exactly those nodes on their configured
 * port and a path the running server answers; {@code promtool} accepts its configuration, which loads the alert
 * rules; Grafana provisions the Loom dashboard.
 */
class DeployComposeTest {
    private static final List<String> NODES = List.of("loom-1", "loom-2", "loom-3");

    @TempDir
    static Path dir;
    static ProbeServer server;
    static JsonNode compose;
    static Path deploy;

    @BeforeAll
    static void start() {
        deploy = DeployRepo.path("deploy");
        compose = DeployRepo.yaml(deploy.resolve("docker-compose.yml"));
        server = new ProbeServer(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void threeNodesBuiltFromTheDockerfileDifferingOnlyInIdAndHostPort() {
        JsonNode services = compose.path("services");
        List<String> loomServices = new ArrayList<>();
        services.fieldNames().forEachRemaining(n -> {
            if (n.startsWith("loom-")) {
                loomServices.add(n);
            }
        });
        assertThat(loomServices).containsExactlyElementsOf(NODES);
        JsonNode first = null;
        for (String n : NODES) {
            JsonNode s = services.path(n);
            assertThat(deploy.resolve(s.path("build").path("context").asText()).normalize()).isEqualTo(DeployRepo.root());
            assertThat(DeployRepo.root().resolve(s.path("build").path("dockerfile").asText())).isRegularFile();
            assertThat(s.path("image").asText()).isEqualTo("loom:" + DeployRepo.projectVersion());
            assertThat(s.path("environment").path("LOOM_NODE_ID").asText()).isEqualTo(n);
            ObjectNode rest = s.deepCopy();
            ((ObjectNode) rest.path("environment")).remove("LOOM_NODE_ID");
            rest.remove("ports");
            if (first == null) {
                first = rest;
            } else {
                assertThat(rest).as("%s is configured like loom-1", n).isEqualTo(first);
            }
        }
    }

    @Test
    void eachNodeLoadsTheImagesConfigurationWithItsSecrets() {
        for (String n : NODES) {
            JsonNode s = compose.path("services").path(n);
            Node node = Node.of(s, dir);
            ContainerConfig.Loaded asIs = node.load(node.env());
            // PostgreSQL store not there yet: store.type is the only setting the server may refuse.
            if (asIs.config().isEmpty()) {
                assertThat(asIs.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("store.type"));
            }
            String password = node.env().get("LOOM_STORE_POSTGRES_PASSWORD");
            assertThat(password).startsWith("file:");
            assertThat(node.files().provides(password.substring(5))).as("%s: the password is a Compose secret", n).isTrue();

            LoomConfig c = node.withoutStore();
            int port = c.http().port();
            List<String> ports = new ArrayList<>();
            s.path("ports").forEach(p -> ports.add(p.asText()));
            assertThat(ports).hasSize(1);
            assertThat(ports.get(0)).as("%s publishes the configured port", n).endsWith(":" + port);
            assertThat(DeployRepo.seconds(s.path("stop_grace_period").asText()))
                    .as("%s: stop_grace_period > runtime.drainTimeout", n).isGreaterThan(c.runtime().drainTimeout().toSeconds());
        }
        JsonNode pg = compose.path("services").path("postgres");
        String pgPassword = pg.path("environment").path("POSTGRES_PASSWORD_FILE").asText();
        assertThat(pgPassword).as("PostgreSQL and the nodes read the same secret")
                .isEqualTo(compose.path("services").path("loom-1").path("environment").path("LOOM_STORE_POSTGRES_PASSWORD").asText().substring(5));
    }

    @Test
    void sqliteOverrideRunsTodayOnOneSharedVolume() {
        JsonNode override = DeployRepo.yaml(deploy.resolve("docker-compose.sqlite.yml"));
        String volume = null;
        for (String n : NODES) {
            JsonNode base = compose.path("services").path(n);
            JsonNode o = override.path("services").path(n);
            Map<String, String> env = new LinkedHashMap<>();
            base.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            o.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            Node node = Node.of(base, dir);
            LoomConfig c = node.load(env).orThrow();
            assertThat(c.store().kind()).isEqualTo("sqlite");
            assertThat(c.productionProblems()).as("validate-production for %s", n).isEmpty();
            assertThat(o.path("volumes")).hasSize(1);
            String mount = o.path("volumes").get(0).asText();
            assertThat(mount).as("%s mounts the shared volume at store.dataDir", n).endsWith(":" + c.store().dataDir());
            volume = volume == null ? mount : volume;
            assertThat(mount).as("the same volume on every node").isEqualTo(volume);
        }
        assertThat(override.path("volumes").has(volume.substring(0, volume.indexOf(':')))).isTrue();
    }

    @Test
    void prometheusScrapesEveryNodeEvery15Seconds() {
        JsonNode prom = compose.path("services").path("prometheus");
        String mount = prom.path("volumes").get(0).asText();
        Path config = deploy.resolve(mount.substring(0, mount.indexOf(':'))).normalize();
        assertThat(config).isRegularFile();
        JsonNode p = DeployRepo.yaml(config);
        JsonNode job = p.path("scrape_configs").get(0);
        assertThat(p.path("scrape_configs")).hasSize(1);
        assertThat(job.path("job_name").asText()).as("the job the runbook's LoomDown alert names").isEqualTo("loom");
        assertThat(job.path("scrape_interval").asText()).isEqualTo("15s");
        server.assertAnswersWithoutToken(job.path("metrics_path").asText(), "Prometheus metrics_path");
        int port = Node.of(compose.path("services").path("loom-1"), dir).withoutStore().http().port();
        List<String> targets = new ArrayList<>();
        job.path("static_configs").get(0).path("targets").forEach(t -> targets.add(t.asText()));
        assertThat(targets).containsExactlyElementsOf(NODES.stream().map(n -> n + ":" + port).toList());

        DeployRepo.Result check = DeployRepo.run(deploy, Duration.ofSeconds(60), DeployRepo.promtool().toString(),
                "check", "config", config.toString());
        assertThat(check.exit()).as("promtool check config: %s %s", check.out(), check.err()).isZero();
    }

    @Test
    void grafanaReadsThatPrometheus() {
        JsonNode grafana = compose.path("services").path("grafana");
        String mount = grafana.path("volumes").get(0).asText();
        Path provisioning = deploy.resolve(mount.substring(0, mount.indexOf(':'))).normalize();
        JsonNode ds = DeployRepo.yaml(provisioning.resolve("datasources/prometheus.yml")).path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(compose.path("services").path("prometheus").path("ports").get(0).asText()).endsWith(":9090");
    }

    /** Every file prometheus.yml's rule_files names, resolved in the container, is mounted from deploy/prometheus/ (the alert rules among them). */
    @Test
    void prometheusLoadsTheAlertRules() {
        Map<String, Path> mounts = mounts(compose.path("services").path("prometheus"));
        String configFile = "/etc/prometheus/prometheus.yml";
        assertThat(mounts).containsKey(configFile);
        JsonNode p = DeployRepo.yaml(mounts.get(configFile));
        List<String> ruleFiles = new ArrayList<>();
        p.path("rule_files").forEach(f -> ruleFiles.add(Path.of(configFile).resolveSibling(f.asText()).normalize().toString()));
        assertThat(ruleFiles).as("rule_files of prometheus.yml, in the container").isNotEmpty();
        for (String f : ruleFiles) {
            assertThat(mounts).as("%s is mounted", f).containsKey(f);
            assertThat(mounts.get(f)).isRegularFile();
            assertThat(mounts.get(f).getParent()).as("mounted from next to prometheus.yml, where promtool check config finds it")
                    .isEqualTo(mounts.get(configFile).getParent());
        }
        assertThat(ruleFiles.stream().map(mounts::get)).contains(AlertRules.FILE);
    }

    /** Grafana's dashboard provider reads a directory that is mounted from deploy/grafana/dashboards, which holds the overview. */
    @Test
    void grafanaProvisionsTheDashboards() {
        JsonNode grafana = compose.path("services").path("grafana");
        Map<String, Path> mounts = mounts(grafana);
        Path provisioning = mounts.get("/etc/grafana/provisioning");
        assertThat(provisioning).as("the provisioning directory is mounted at Grafana's default").isNotNull();
        JsonNode providers = DeployRepo.yaml(provisioning.resolve("dashboards/loom.yml")).path("providers");
        assertThat(providers).hasSize(1);
        JsonNode provider = providers.get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        Path dashboards = mounts.get(provider.path("options").path("path").asText());
        assertThat(dashboards).as("the provider's path is a mount").isNotNull();
        assertThat(dashboards.resolve("loom-overview.json")).isEqualTo(DeployDashboardTest.FILE);
        assertThat(DeployDashboardTest.FILE).isRegularFile();
    }

    /** A service's bind mounts: container path to host path. */
    private static Map<String, Path> mounts(JsonNode service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        service.path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(parts[1], deploy.resolve(parts[0]).normalize());
            }
        });
        return mounts;
    }

    @Test
    void secretFilesStayOutOfGitAndTheImage() {
        List<String> ignore = DeployDockerfileTest.dockerignore();
        compose.path("secrets").properties().forEach(e -> {
            String file = e.getValue().path("file").asText();
            String fromRoot = DeployRepo.root().relativize(deploy.resolve(file).normalize()).toString();
            assertThat(fromRoot).startsWith("deploy/secrets/");
            assertThat(DeployDockerfileTest.excluded(ignore, fromRoot)).as(".dockerignore excludes %s", fromRoot).isTrue();
        });
        assertThat(DeployRepo.read(DeployRepo.path(".gitignore")).lines()).contains("/deploy/secrets/");
    }

    /** A Compose node: the image's ENV and loom.yaml, the service's environment, its secrets at /run/secrets/. */
    record Node(Map<String, String> env, String yaml, ContainerConfig files) {
        static Node of(JsonNode service, Path scratch) {
            DockerfileModel image = DockerfileModel.parse(DeployRepo.read(DeployRepo.path("deploy/Dockerfile")));
            Map<String, String> env = new LinkedHashMap<>(image.last().env());
            env.remove("LOOM_CONFIG");
            service.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            List<String> secrets = new ArrayList<>();
            service.path("secrets").forEach(s -> secrets.add(s.asText()));
            try {
                ContainerConfig files = new ContainerConfig(java.nio.file.Files.createTempDirectory(scratch, "node"))
                        .mount("/run/secrets", secrets);
                return new Node(env, DeployRepo.read(DeployRepo.path("deploy/loom.yaml")), files);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        ContainerConfig.Loaded load(Map<String, String> environment) {
            Map<String, String> e = new LinkedHashMap<>(environment);
            e.remove("LOOM_CONFIG");
            return files.load(Optional.of(yaml), e);
        }

        /** Everything but the store type, which the PostgreSQL store will add. */
        LoomConfig withoutStore() {
            Map<String, String> e = new LinkedHashMap<>(env);
            e.remove("LOOM_STORE");
            return load(e).orThrow();
        }
    }
}
