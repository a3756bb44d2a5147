package dev.loom.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Sends one task; its output is the task's reply.
 *
 * @param name      the stage name
 * @param dependsOn the stages it waits for
 * @param task      the task
 * @param options   its policies
 */
public record SingleStage(String name, List<String> dependsOn, Task task, StageOptions options) implements Stage {
    public SingleStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, () -> "stage '" + name + "' has no task");
        dependsOn = Stage.names(dependsOn);
        options = Stage.orNone(options);
    }
}
