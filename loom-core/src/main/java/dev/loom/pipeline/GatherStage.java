package dev.loom.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Sends no task: completes when enough of its dependencies have succeeded. Its output is an object of the
 * outputs of the dependencies that had succeeded when it completed, by stage name ({@link Mode#FIRST}: the output
 * of the first one itself). Dependencies still running go on; the run ends when every stage is done.
 *
 * @param name      the stage name
 * @param dependsOn the stages it gathers (at least one)
 * @param mode      how many must succeed
 * @param count     for {@link Mode#N_OF_M}: how many (1 to the number of dependencies); ignored otherwise
 * @param options   its policies (only condition and compensation apply to a gather)
 */
public record GatherStage(String name, List<String> dependsOn, Mode mode, int count, StageOptions options)
        implements Stage {
    /** How many dependencies a gather waits for. */
    public enum Mode {
        /** Every dependency. */
        ALL,
        /** {@code count} of them. */
        N_OF_M,
        /** The first to succeed. */
        FIRST
    }

    public GatherStage {
        Objects.requireNonNull(name, "name");
        dependsOn = Stage.names(dependsOn);
        mode = mode == null ? Mode.ALL : mode;
        options = Stage.orNone(options);
    }

    /** How many dependencies must have succeeded. */
    public int required() {
        return switch (mode) {
            case ALL -> dependsOn.size();
            case N_OF_M -> count;
            case FIRST -> 1;
        };
    }
}
