package dev.loom.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Sends one task per item of a list; its output is the replies in item order. An empty list completes the stage
 * at once with an empty output. Inside {@code task}, {@code /item} is the current item and {@code /index} its
 * position.
 *
 * @param name        the stage name
 * @param dependsOn   the stages it waits for
 * @param items       a pointer to (or literal) JSON array
 * @param task        the task sent per item
 * @param concurrency at most this many tasks in flight at once ({@code 0}: no limit)
 * @param options     its policies; a retry re-sends only the failed item's task
 */
public record ScatterStage(String name, List<String> dependsOn, Value items, Task task, int concurrency,
                           StageOptions options) implements Stage {
    public ScatterStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(items, () -> "stage '" + name + "' has no items");
        Objects.requireNonNull(task, () -> "stage '" + name + "' has no task");
        if (concurrency < 0) {
            throw new IllegalArgumentException("stage '" + name + "': concurrency must be >= 0: " + concurrency);
        }
        dependsOn = Stage.names(dependsOn);
        options = Stage.orNone(options);
    }
}
