package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.config.DeploymentEnv;
import dev.loom.config.LoomConfig;
import dev.loom.deploy.Kustomize.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests of {@code deploy/k8s}, rendered by {@code kubectl kustomize} and checked against the
 * server itself: the configuration each pod would load (its ConfigMap and environment, read by
 * {@link LoomConfig#load}, its Secrets' files laid out as mounted) gives the container port, the probes' port,
 * the data directory and the drain timeout the grace period must exceed; every probe and scrape path is asked
 * of a running server without a token; the autoscaler's thresholds are the runbook's.
 */
class DeployKubernetesTest {
    @TempDir
    static Path dir;
    static ProbeServer server;

    @BeforeAll
    static void start() {
        server = new ProbeServer(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Every way the manifests are meant to be applied: the overlays, alone and with the opt-in components. */
    static Stream<Rendering> renderings() {
        return Stream.of(
                new Rendering("overlays/sqlite"),
                new Rendering("overlays/sqlite", "service-monitor"),
                new Rendering("overlays/postgres"),
                new Rendering("overlays/postgres", "service-monitor", "queue-depth-autoscaling"));
    }

    /** An overlay and the components added to it. */
    record Rendering(String overlay, String... components) {
        @Override
        public String toString() {
            return overlay + (components.length == 0 ? "" : " + " + String.join(" + ", components));
        }
    }

    private static Rendered render(Rendering what) {
        return Kustomize.render(dir, what.overlay(), what.components());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void probesAndPortsAreTheServersOwn(Rendering what) {
        Rendered r = render(what);
        Pod pod = Pod.of(r, dir);
        LoomConfig c = pod.config();
        int port = c.http().port();
        assertThat(pod.containerPort("http")).as("container port http = http.port the pod loads").isEqualTo(port);

        Map<String, String> expected = Map.of("startupProbe", "/health/live", "livenessProbe", "/health/live",
                "readinessProbe", "/health/ready");
        for (var e : expected.entrySet()) {
            JsonNode probe = pod.container().path(e.getKey());
            JsonNode get = probe.path("httpGet");
            assertThat(get.isObject()).as("%s is an httpGet probe", e.getKey()).isTrue();
            assertThat(get.path("path").asText()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(pod.resolvePort(get.path("port"))).as("%s's port", e.getKey()).isEqualTo(port);
            assertThat(get.path("scheme").asText("HTTP")).as("the server speaks HTTPS only with TLS configured")
                    .isEqualTo(c.http().tls().isPresent() ? "HTTPS" : "HTTP");
            server.assertAnswersWithoutToken(get.path("path").asText(), r.name() + " " + e.getKey());
        }
        JsonNode annotations = pod.template().path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
        server.assertAnswersWithoutToken(annotations.path("prometheus.io/path").asText(), "prometheus.io/path");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void gracePeriodCoversPreStopAndDrain(Rendering what) {
        Pod pod = Pod.of(render(what), dir);
        JsonNode preStop = pod.container().path("lifecycle").path("preStop");
        List<String> command = new ArrayList<>();
        preStop.path("exec").path("command").forEach(n -> command.add(n.asText()));
        assertThat(command).as("preStop pauses so the endpoint is removed before SIGTERM").hasSize(2).startsWith("sleep");
        long pause = Long.parseLong(command.get(1));
        assertThat(pause).as("a pause long enough for endpoint removal to propagate").isBetween(5L, 30L);
        long drain = pod.config().runtime().drainTimeout().toSeconds();
        long grace = pod.spec().path("terminationGracePeriodSeconds").asLong(30);
        assertThat(grace).as("terminationGracePeriodSeconds > preStop %d s + runtime.drainTimeout %d s", pause, drain)
                .isGreaterThan(pause + drain);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void secretsAreFilesTheConfigurationReads(Rendering what) {
        Pod pod = Pod.of(render(what), dir);
        // The loader has already refused unreadable token files; environment secrets are checked here.
        pod.env().forEach((k, v) -> {
            if (v.startsWith("file:")) {
                assertThat(pod.files().provides(v.substring(5))).as("%s=%s is a file of a mounted Secret", k, v).isTrue();
            }
        });
        assertThat(pod.config().tokens()).as("tokens").isNotEmpty()
                .allSatisfy(t -> assertThat(t.secret().file()).as("token from a file: secret, not inline").isPresent());
        for (JsonNode mount : pod.container().path("volumeMounts")) {
            JsonNode volume = pod.volume(mount.path("name").asText());
            if (volume != null && volume.has("secret")) {
                assertThat(mount.has("subPath")).as("a subPath mount never sees a rotated Secret").isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void podIsSafeAndComplete(Rendering what) {
        Rendered r = render(what);
        Pod pod = Pod.of(r, dir);
        LoomConfig c = pod.config();
        assertThat(c.env()).isEqualTo(DeploymentEnv.PRODUCTION);
        assertThat(pod.env()).containsEntry("LOOM_HTTP_HOST", "0.0.0.0");
        assertThat(pod.env().get("LOOM_NODE_ID")).as("the pod name, stable across restarts").isEqualTo("loom-0");
        assertThat(pod.spec().path("enableServiceLinks").isBoolean() && !pod.spec().path("enableServiceLinks").asBoolean())
                .as("enableServiceLinks: false, or Kubernetes adds LOOM_* variables of its own").isTrue();
        JsonNode sc = pod.spec().path("securityContext");
        assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(sc.path("runAsUser").asText() + ":" + sc.path("runAsGroup").asText())
                .as("the image's USER").isEqualTo(dockerfileUser());
        assertThat(pod.container().path("image").asText()).isEqualTo("loom:" + DeployRepo.projectVersion());
        assertThat(pod.container().path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(pod.mountPath("tmp")).as("a writable /tmp for sqlite-jdbc's native library").isEqualTo("/tmp");
        JsonNode res = pod.container().path("resources");
        assertThat(res.path("requests").path("memory").asText()).as("memory request = limit")
                .isEqualTo(res.path("limits").path("memory").asText()).isNotEmpty();
        assertThat(res.path("requests").path("cpu").asText()).as("a CPU request, which the HPA's % is of").isNotEmpty();

        Set<String> claims = new HashSet<>();
        pod.statefulSet().path("spec").path("volumeClaimTemplates").forEach(v -> claims.add(v.path("metadata").path("name").asText()));
        for (JsonNode m : pod.container().path("volumeMounts")) {
            String name = m.path("name").asText();
            assertThat(pod.hasVolume(name) || claims.contains(name)).as("volume %s of mount %s", name, m.path("mountPath")).isTrue();
        }
        String dataMount = pod.mountOf(c.store().dataDir().toString());
        assertThat(dataMount).as("a volume at store.dataDir %s", c.store().dataDir()).isNotNull();

        Map<String, String> podLabels = labels(pod.template().path("metadata").path("labels"));
        JsonNode service = r.get("Service", "loom");
        assertThat(podLabels).as("Service loom selects the pods").containsAllEntriesOf(labels(service.path("spec").path("selector")));
        for (JsonNode p : service.path("spec").path("ports")) {
            assertThat(pod.resolvePort(p.path("targetPort"))).as("Service port %s", p.path("name")).isEqualTo(c.http().port());
        }
        JsonNode governing = r.get("Service", pod.statefulSet().path("spec").path("serviceName").asText());
        assertThat(governing.path("spec").path("clusterIP").asText()).as("the StatefulSet's Service is headless").isEqualTo("None");
        JsonNode pdb = r.get("PodDisruptionBudget", "loom");
        assertThat(labels(pdb.path("spec").path("selector").path("matchLabels"))).as("the PDB selects the pods").isNotEmpty()
                .satisfies(sel -> assertThat(podLabels).containsAllEntriesOf(sel));
        assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void sqliteIsOneNodeOnAPersistentVolume() {
        Rendered r = render(new Rendering("overlays/sqlite"));
        Pod pod = Pod.of(r, dir);
        assertThat(pod.config().store().kind()).isEqualTo("sqlite");
        assertThat(pod.config().productionProblems()).as("validate-production").isEmpty();
        assertThat(pod.statefulSet().path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(r.all("HorizontalPodAutoscaler")).as("one SQLite file cannot be shared by pods").isEmpty();
        String mount = pod.mountOf(pod.config().store().dataDir().toString());
        JsonNode claim = null;
        for (JsonNode v : pod.statefulSet().path("spec").path("volumeClaimTemplates")) {
            if (v.path("metadata").path("name").asText().equals(mount)) {
                claim = v;
            }
        }
        assertThat(claim).as("the data directory is a PersistentVolumeClaim").isNotNull();
        assertThat(claim.path("spec").path("accessModes").get(0).asText()).isEqualTo("ReadWriteOnce");
        assertThat(pod.statefulSet().path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asText())
                .isEqualTo("Retain");
    }

    @Test
    void postgresOverlayIsRefusedTodayOnlyForItsStore() {
        Rendered r = render(new Rendering("overlays/postgres"));
        Pod pod = Pod.of(r, dir);
        ContainerConfig.Loaded asIs = pod.load(pod.env());
        if (asIs.config().isEmpty()) {
            // The PostgreSQL store does not exist yet: the server names store.type, and nothing else.
            assertThat(asIs.problems()).as("the only setting refused is the store type").isNotEmpty()
                    .allSatisfy(p -> assertThat(p).startsWith("store.type"));
        } else {
            assertThat(asIs.config().get().store().kind()).isEqualTo("postgres");
        }
        assertThat(pod.env()).containsEntry("LOOM_STORE", "postgres")
                .containsKeys("LOOM_STORE_POSTGRES_URL", "LOOM_STORE_POSTGRES_USER", "LOOM_STORE_POSTGRES_PASSWORD",
                        "LOOM_STORE_POSTGRES_POOL_SIZE", "LOOM_STORE_POSTGRES_SCHEMA");
        assertThat(pod.env().get("LOOM_STORE_POSTGRES_PASSWORD")).startsWith("file:");
        assertThat(pod.statefulSet().path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(pod.volume(pod.mountOf(pod.config().store().dataDir().toString())).has("emptyDir"))
                .as("nothing durable on the node with PostgreSQL").isTrue();
    }

    @Test
    void autoscalerUsesTheRunbooksThresholds() throws java.io.IOException {
        Thresholds t = Thresholds.fromRunbook();
        Rendered r = render(new Rendering("overlays/postgres", "queue-depth-autoscaling"));
        JsonNode hpa = r.get("HorizontalPodAutoscaler", "loom").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("StatefulSet");
        r.get("StatefulSet", hpa.path("scaleTargetRef").path("name").asText());
        Map<String, JsonNode> metrics = new LinkedHashMap<>();
        for (JsonNode m : hpa.path("metrics")) {
            String key = m.path("type").asText().equals("Resource") ? m.path("resource").path("name").asText()
                    : m.path(m.path("type").asText().toLowerCase(java.util.Locale.ROOT)).path("metric").path("name").asText();
            metrics.put(key, m);
        }
        assertThat(metrics).containsOnlyKeys("cpu", "memory", "loom_queue_depth");
        assertThat(metrics.get("cpu").path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(t.cpu());
        assertThat(metrics.get("memory").path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(t.memory());
        JsonNode backlog = metrics.get("loom_queue_depth");
        assertThat(backlog.path("type").asText()).isEqualTo("External");
        assertThat(backlog.path("external").path("target").path("type").asText()).isEqualTo("Value");
        assertThat(backlog.path("external").path("target").path("value").asInt()).isEqualTo(t.backlog());
        assertThat(hpa.path("behavior").path("scaleUp").path("stabilizationWindowSeconds").asInt()).isEqualTo(t.upMinutes() * 60);
        assertThat(hpa.path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asInt()).isEqualTo(t.downMinutes() * 60);
        assertThat(hpa.path("minReplicas").asInt()).isEqualTo(r.get("StatefulSet", "loom").path("spec").path("replicas").asInt());

        // Without the component the HPA has no metric an adapter must serve (a missing one blocks scale-down).
        JsonNode plain = render(new Rendering("overlays/postgres")).get("HorizontalPodAutoscaler", "loom").path("spec");
        List<String> types = new ArrayList<>();
        plain.path("metrics").forEach(m -> types.add(m.path("type").asText()));
        assertThat(types).containsOnly("Resource");

        // The adapter rule serves the series the server really exports, under the name the HPA asks for.
        JsonNode rule = DeployRepo.yaml(DeployRepo.path("deploy/k8s/components/queue-depth-autoscaling/prometheus-adapter-rules.yaml"))
                .path("externalRules").get(0);
        assertThat(rule.path("name").path("as").asText()).isEqualTo("loom_queue_depth");
        // It counts the backlog exactly as the LoomBacklog alert does (once per queue, not once per node).
        String alerts = java.nio.file.Files.readString(DeployRepo.path("deploy/prometheus/loom-alerts.yml"));
        java.util.regex.Matcher backlogAlert = java.util.regex.Pattern
                .compile("- alert: LoomBacklog\\s*\\n\\s*expr: (.*?)\\s*>\\s*[0-9.]+\\s*\\n").matcher(alerts);
        assertThat(backlogAlert.find()).as("the LoomBacklog alert in loom-alerts.yml").isTrue();
        assertThat(rule.path("metricsQuery").asText().replace("{<<.LabelMatchers>>}", ""))
                .isEqualTo(backlogAlert.group(1));
        assertThat(rule.path("seriesQuery").asText()).startsWith("loom_queue_depth{");
        assertThat(server.metricsAfterTraffic()).contains("loom_queue_depth{queue=\"counter\"}");
    }

    @Test
    void serviceMonitorScrapesTheApiServiceEvery15Seconds() {
        Rendered r = render(new Rendering("overlays/sqlite", "service-monitor"));
        Pod pod = Pod.of(r, dir);
        JsonNode sm = r.get("ServiceMonitor", "loom").path("spec");
        Map<String, String> selector = labels(sm.path("selector").path("matchLabels"));
        List<JsonNode> selected = r.all("Service").stream()
                .filter(s -> labels(s.path("metadata").path("labels")).entrySet().containsAll(selector.entrySet())).toList();
        assertThat(selected).as("exactly one Service, or each node is scraped twice").hasSize(1);
        JsonNode endpoint = sm.path("endpoints").get(0);
        assertThat(sm.path("endpoints")).hasSize(1);
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        assertThat(DeployRepo.seconds(endpoint.path("scrapeTimeout").asText())).isLessThan(15);
        JsonNode port = null;
        for (JsonNode p : selected.get(0).path("spec").path("ports")) {
            if (p.path("name").asText().equals(endpoint.path("port").asText())) {
                port = p;
            }
        }
        assertThat(port).as("the Service has the port the ServiceMonitor names").isNotNull();
        assertThat(pod.resolvePort(port.path("targetPort"))).isEqualTo(pod.config().http().port());
        server.assertAnswersWithoutToken(endpoint.path("path").asText(), "ServiceMonitor");
    }

    private static Map<String, String> labels(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String dockerfileUser() {
        Matcher m = Pattern.compile("(?m)^USER (\\S+)$").matcher(DeployRepo.read(DeployRepo.path("deploy/Dockerfile")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The scaling rule of docs/RUNBOOK.md 2.6, read from its text so that the two cannot drift apart. */
    record Thresholds(int upMinutes, int cpu, int memory, int backlog, int downMinutes) {
        static Thresholds fromRunbook() {
            String text = DeployRepo.read(DeployRepo.path("docs/RUNBOOK.md")).replaceAll("\\s+", " ");
            Matcher up = Pattern.compile("Scale up when for (\\d+) minutes CPU > (\\d+) %, heap > (\\d+) %, the backlog > (\\d+) messages")
                    .matcher(text);
            Matcher down = Pattern.compile("scale down when for (\\d+) minutes").matcher(text);
            assertThat(up.find()).as("RUNBOOK.md states the scale-up rule").isTrue();
            assertThat(down.find()).as("RUNBOOK.md states the scale-down rule").isTrue();
            return new Thresholds(Integer.parseInt(up.group(1)), Integer.parseInt(up.group(2)), Integer.parseInt(up.group(3)),
                    Integer.parseInt(up.group(4)), Integer.parseInt(down.group(1)));
        }
    }

    /** The loom pod of a rendering: its StatefulSet, container, environment, files and loaded configuration. */
    record Pod(JsonNode statefulSet, JsonNode container, Map<String, String> env, String yaml, ContainerConfig files) {
        static Pod of(Rendered r, Path scratch) {
            JsonNode sts = r.get("StatefulSet", "loom");
            JsonNode spec = sts.path("spec").path("template").path("spec");
            JsonNode container = null;
            for (JsonNode c : spec.path("containers")) {
                if (c.path("name").asText().equals("loom")) {
                    container = c;
                }
            }
            assertThat(container).as("container loom").isNotNull();
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : container.path("env")) {
                String name = e.path("name").asText();
                if (e.has("value")) {
                    env.put(name, e.path("value").asText());
                } else if (e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
                    env.put(name, sts.path("metadata").path("name").asText() + "-0");
                } else {
                    throw new AssertionError("env " + name + ": only values and the pod name are modelled by this test");
                }
            }
            try {
                ContainerConfig files = new ContainerConfig(Files.createTempDirectory(scratch, "pod"));
                Pod partial = new Pod(sts, container, env, "", files);
                String configPath = env.get("LOOM_CONFIG");
                assertThat(configPath).as("LOOM_CONFIG").isNotNull();
                int slash = configPath.lastIndexOf('/');
                String configMount = partial.mountOf(configPath.substring(0, slash));
                JsonNode cmRef = partial.volume(configMount).path("configMap");
                JsonNode cm = r.get("ConfigMap", cmRef.path("name").asText());
                String yaml = cm.path("data").path(configPath.substring(slash + 1)).asText(null);
                assertThat(yaml).as("ConfigMap %s has %s", cmRef.path("name"), configPath).isNotNull();
                for (JsonNode m : container.path("volumeMounts")) {
                    JsonNode v = partial.volume(m.path("name").asText());
                    if (v != null && v.has("secret")) {
                        List<String> items = new ArrayList<>();
                        v.path("secret").path("items").forEach(i -> items.add(i.path("path").asText()));
                        assertThat(items).as("Secret volume %s lists its items", m.path("name")).isNotEmpty();
                        files.mount(m.path("mountPath").asText(), items);
                    }
                }
                return new Pod(sts, container, env, yaml, files);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        JsonNode template() {
            return statefulSet.path("spec").path("template");
        }

        JsonNode spec() {
            return template().path("spec");
        }

        ContainerConfig.Loaded load(Map<String, String> environment) {
            Map<String, String> e = new LinkedHashMap<>(environment);
            e.remove("LOOM_CONFIG");
            return files.load(Optional.of(yaml), e);
        }

        /**
         * The configuration the pod loads. For the postgres overlay (whose store does not exist yet) the store
         * type is left to the ConfigMap, so that everything else is still read as the server reads it.
         */
        LoomConfig config() {
            ContainerConfig.Loaded loaded = load(env);
            if (loaded.config().isEmpty() && "postgres".equals(env.get("LOOM_STORE"))) {
                Map<String, String> withoutStore = new LinkedHashMap<>(env);
                withoutStore.remove("LOOM_STORE");
                loaded = load(withoutStore);
            }
            return loaded.orThrow();
        }

        boolean hasVolume(String name) {
            return volume(name) != null;
        }

        JsonNode volume(String name) {
            for (JsonNode v : spec().path("volumes")) {
                if (v.path("name").asText().equals(name)) {
                    return v;
                }
            }
            return null;
        }

        /** The name of the volume mounted exactly at {@code path}, or null. */
        String mountOf(String path) {
            for (JsonNode m : container.path("volumeMounts")) {
                if (m.path("mountPath").asText().equals(path)) {
                    return m.path("name").asText();
                }
            }
            return null;
        }

        String mountPath(String volume) {
            for (JsonNode m : container.path("volumeMounts")) {
                if (m.path("name").asText().equals(volume)) {
                    return m.path("mountPath").asText();
                }
            }
            return null;
        }

        int containerPort(String name) {
            for (JsonNode p : container.path("ports")) {
                if (p.path("name").asText().equals(name)) {
                    return p.path("containerPort").asInt();
                }
            }
            throw new AssertionError("no container port named " + name);
        }

        /** A probe's or Service's port: a number, or the name of a container port. */
        int resolvePort(JsonNode port) {
            return port.isInt() ? port.asInt() : containerPort(port.asText());
        }
    }
}
