package dev.loom.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends several different tasks at once and completes when all have succeeded; its output is an object of their
 * replies by branch name.
 *
 * @param name      the stage name
 * @param dependsOn the stages it waits for
 * @param branches  the tasks by branch name (at least one), in order
 * @param options   its policies (a retry re-sends only the failed branch's task)
 */
public record ForkJoinStage(String name, List<String> dependsOn, Map<String, Task> branches, StageOptions options)
        implements Stage {
    public ForkJoinStage {
        Objects.requireNonNull(name, "name");
        dependsOn = Stage.names(dependsOn);
        branches = branches == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(branches));
        options = Stage.orNone(options);
    }
}
