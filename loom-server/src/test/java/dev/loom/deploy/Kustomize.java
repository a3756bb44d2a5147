package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders kustomizations of {@code deploy/k8s} with {@code kubectl kustomize}, offline, as a cluster would get them. */
final class Kustomize {
    private Kustomize() {
    }

    /** The resources an overlay renders to, with the given components of {@code deploy/k8s/components} added. */
    static Rendered render(Path scratch, String overlay, String... components) {
        Path root = DeployRepo.root();
        Path k8s = root.resolve("deploy/k8s");
        Path target = k8s.resolve(overlay);
        if (components.length > 0) {
            // A throw-away kustomization that adds the components, as an operator's own overlay would; kustomize
            // takes only relative paths.
            try {
                Path dir = Files.createTempDirectory(scratch, "kustomization");
                String rel = dir.relativize(target).toString();
                String comps = List.of(components).stream().map(c -> "  - " + dir.relativize(k8s.resolve("components").resolve(c)))
                        .collect(Collectors.joining("\n"));
                Files.writeString(dir.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                        + "kind: Kustomization\nresources:\n  - " + rel + "\ncomponents:\n" + comps + "\n");
                target = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DeployRepo.Result r = DeployRepo.run(root, Duration.ofSeconds(60), DeployRepo.kubectl().toString(), "kustomize",
                target.toString());
        assertThat(r.exit()).as("kubectl kustomize %s %s: %s", overlay, List.of(components), r.err()).isZero();
        return new Rendered(overlay, DeployRepo.yamlDocuments(r.out()));
    }

    /** Rendered resources. */
    record Rendered(String name, List<JsonNode> resources) {
        List<JsonNode> all(String kind) {
            return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return all(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError(this.name + " renders no " + kind + " " + name));
        }
    }
}
