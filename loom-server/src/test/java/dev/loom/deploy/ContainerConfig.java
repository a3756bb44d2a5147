package dev.loom.deploy;

import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a container's server would load, read by the server's own {@link LoomConfig#load}: the
 * container's {@code loom.yaml} and environment, with the files its mounts provide (Secrets, Compose secrets)
 * laid out under a temporary directory. Container paths under a mount are rewritten to that directory, so the
 * loader's own checks (a token file must be readable) see exactly the files the container would have, and no
 * others.
 */
final class ContainerConfig {
    /** A test token: long enough for the production check (32+ characters). */
    static final String SECRET = "deploy-test-secret-0123456789abcdef0123456789";

    private final Path root;
    private final Map<String, List<String>> mountedFiles = new LinkedHashMap<>();

    ContainerConfig(Path root) {
        this.root = root;
    }

    /** Files that a mount puts into {@code containerDir} (for example a Secret's items). */
    ContainerConfig mount(String containerDir, List<String> files) {
        mountedFiles.computeIfAbsent(strip(containerDir), k -> new ArrayList<>()).addAll(files);
        return this;
    }

    /** Whether a container path is one of the mounted files. */
    boolean provides(String containerPath) {
        int slash = containerPath.lastIndexOf('/');
        return slash > 0 && mountedFiles.getOrDefault(containerPath.substring(0, slash), List.of())
                .contains(containerPath.substring(slash + 1));
    }

    /** The outcome of loading: the configuration, or every problem the server would print. */
    record Loaded(Optional<LoomConfig> config, List<String> problems) {
        LoomConfig orThrow() {
            return config.orElseThrow(() -> new AssertionError("the server would refuse this configuration: " + problems));
        }
    }

    Loaded load(Optional<String> yaml, Map<String, String> env) {
        try {
            for (var e : mountedFiles.entrySet()) {
                Path dir = hostDir(e.getKey());
                Files.createDirectories(dir);
                for (String f : e.getValue()) {
                    Files.writeString(dir.resolve(f), SECRET + "\n");
                }
            }
            Optional<Path> file = Optional.empty();
            if (yaml.isPresent()) {
                Path f = Files.createTempFile(root, "loom", ".yaml");
                Files.writeString(f, rewrite(yaml.get()));
                file = Optional.of(f);
            }
            Map<String, String> rewritten = new HashMap<>();
            env.forEach((k, v) -> rewritten.put(k, rewrite(v)));
            try {
                return new Loaded(Optional.of(LoomConfig.load(file, rewritten)), List.of());
            } catch (ConfigException e) {
                return new Loaded(Optional.empty(), e.problems());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rewrite(String text) {
        String out = text;
        List<String> dirs = new ArrayList<>(mountedFiles.keySet());
        dirs.sort(Comparator.comparingInt(String::length).reversed());
        for (String d : dirs) {
            out = out.replace(d + "/", hostDir(d) + "/");
        }
        return out;
    }

    private Path hostDir(String containerDir) {
        return root.resolve("mounts").resolve(containerDir.substring(1));
    }

    private static String strip(String dir) {
        return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
