package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.deploy.Kustomize.Rendered;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code docker} and {@code kubectl} lines of docs/RUNBOOK.md, which cannot run here (no Docker engine, no
 * cluster; RunbookTest runs only its {@code ./loom} and {@code curl} lines): every file they name exists, every
 * kustomization they apply renders, every resource, container, Secret key and replica count they name fits
 * the rendered manifests.
 */
class DeployRunbookTest {
    private static final Map<String, String> KINDS = Map.of("statefulset", "StatefulSet", "hpa", "HorizontalPodAutoscaler",
            "service", "Service", "pdb", "PodDisruptionBudget", "deployment", "Deployment");

    @TempDir
    static Path dir;
    static List<String> lines;
    static Rendered sqlite;
    static Rendered postgres;

    @BeforeAll
    static void read() {
        lines = new ArrayList<>();
        boolean inBash = false;
        for (String raw : DeployRepo.read(DeployRepo.path("docs/RUNBOOK.md")).split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
                continue;
            }
            if (inBash && (line.startsWith("docker ") || line.startsWith("kubectl "))) {
                lines.add(line);
            }
        }
        sqlite = Kustomize.render(dir, "overlays/sqlite");
        postgres = Kustomize.render(dir, "overlays/postgres");
    }

    @Test
    void coversBuildDeployRolloutRollbackAndScaling() {
        for (String verb : List.of("docker build", "kubectl create secret", "kubectl apply -k", "kubectl rollout status",
                "kubectl set image", "kubectl rollout undo", "kubectl scale")) {
            assertThat(lines).as("RUNBOOK.md has a '%s' line", verb).anyMatch(l -> l.startsWith(verb + " "));
        }
    }

    @Test
    void dockerBuildUsesTheDockerfileFromTheRepositoryRoot() {
        for (String l : lines.stream().filter(x -> x.startsWith("docker build ")).toList()) {
            List<String> w = DockerfileModel.words(l);
            assertThat(DeployRepo.path(w.get(w.indexOf("-f") + 1))).as(l).isRegularFile();
            assertThat(w.get(w.size() - 1)).as("%s: the context is the repository root (the reactor)", l).isEqualTo(".");
            assertThat(w.get(w.indexOf("-t") + 1)).as(l).matches("(.+/)?loom:.+");
        }
    }

    @Test
    void appliedKustomizationsExistAndRender() {
        for (String l : lines.stream().filter(x -> x.startsWith("kubectl apply ")).toList()) {
            List<String> w = DockerfileModel.words(l);
            String target = w.get(w.indexOf("-k") + 1);
            assertThat(target).as(l).startsWith("deploy/k8s/overlays/");
            assertThat(Kustomize.render(dir, target.substring("deploy/k8s/".length())).resources()).as(l).isNotEmpty();
        }
    }

    @Test
    void namedResourcesContainersSecretsAndReplicasExist() {
        Pattern ref = Pattern.compile("\\b(statefulset|deployment|hpa|service|pdb)(?:/| )([a-z0-9-]+)");
        for (String l : lines.stream().filter(x -> x.startsWith("kubectl ")).toList()) {
            Matcher m = ref.matcher(l);
            while (m.find()) {
                String kind = KINDS.get(m.group(1));
                assertThat(sqlite.find(kind, m.group(2)).or(() -> postgres.find(kind, m.group(2))))
                        .as("%s names %s %s", l, kind, m.group(2)).isPresent();
            }
            List<String> w = DockerfileModel.words(l);
            if (l.startsWith("kubectl set image ")) {
                JsonNode sts = sqlite.get("StatefulSet", w.get(3).substring(w.get(3).indexOf('/') + 1));
                String container = w.get(4).substring(0, w.get(4).indexOf('='));
                assertThat(sts.path("spec").path("template").path("spec").path("containers").findValuesAsText("name"))
                        .as(l).contains(container);
                assertThat(w.get(4).substring(w.get(4).indexOf('=') + 1)).as(l).matches("(.+/)?loom:.+");
            }
            if (l.startsWith("kubectl create secret generic ")) {
                assertSecretMatches(l, w, sqlite);
                assertThat(postgresOnlyKeys()).as("keys only the postgres overlay adds").containsExactly("postgres-password");
            }
            if (l.startsWith("kubectl scale ")) {
                int replicas = Integer.parseInt(l.replaceAll(".*--replicas=(\\d+).*", "$1"));
                JsonNode hpa = postgres.get("HorizontalPodAutoscaler", "loom").path("spec");
                assertThat(replicas).as("%s: only the postgres overlay scales, within its HPA's bounds", l)
                        .isBetween(hpa.path("minReplicas").asInt(), hpa.path("maxReplicas").asInt());
            }
        }
    }

    private static void assertSecretMatches(String line, List<String> w, Rendered r) {
        String name = w.get(4);
        Set<String> keys = new HashSet<>();
        for (String word : w) {
            if (word.startsWith("--from-file=")) {
                String spec = word.substring("--from-file=".length());
                keys.add(spec.substring(0, spec.indexOf('=')));
            }
        }
        boolean mounted = false;
        for (JsonNode v : r.get("StatefulSet", "loom").path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("secret").path("secretName").asText().equals(name)) {
                mounted = true;
                assertThat(keys).as("%s creates every key the pods mount", line)
                        .containsExactlyInAnyOrderElementsOf(v.path("secret").path("items").findValuesAsText("key"));
            }
        }
        assertThat(mounted).as("%s creates the Secret the pods mount", line).isTrue();
    }

    private static Set<String> postgresOnlyKeys() {
        Set<String> keys = new HashSet<>();
        for (JsonNode v : postgres.get("StatefulSet", "loom").path("spec").path("template").path("spec").path("volumes")) {
            keys.addAll(v.path("secret").path("items").findValuesAsText("key"));
        }
        for (JsonNode v : sqlite.get("StatefulSet", "loom").path("spec").path("template").path("spec").path("volumes")) {
            keys.removeAll(v.path("secret").path("items").findValuesAsText("key"));
        }
        return keys;
    }
}
