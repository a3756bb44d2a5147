package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A node of a pipeline's DAG. A stage becomes ready when its dependencies are done (for a {@link GatherStage},
 * when enough of them are); it then evaluates its {@link StageOptions#condition() condition}, sends its tasks and
 * completes when they have succeeded. Its output is readable by later stages at {@code /stages/<name>/output}.
 *
 * <p>In JSON a stage is an object with {@code "kind"}: {@code single}, {@code scatter}, {@code gather},
 * {@code broadcast}, {@code fork-join} or {@code human-approval}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SingleStage.class, name = "single"),
        @JsonSubTypes.Type(value = ScatterStage.class, name = "scatter"),
        @JsonSubTypes.Type(value = GatherStage.class, name = "gather"),
        @JsonSubTypes.Type(value = BroadcastStage.class, name = "broadcast"),
        @JsonSubTypes.Type(value = ForkJoinStage.class, name = "fork-join"),
        @JsonSubTypes.Type(value = ApprovalStage.class, name = "human-approval")})
public sealed interface Stage permits SingleStage, ScatterStage, GatherStage, BroadcastStage, ForkJoinStage,
        ApprovalStage {
    /** The stage's name, unique in its pipeline ({@code [a-z][a-z0-9_-]{0,63}}). */
    String name();

    /** Names of the stages this one waits for. */
    List<String> dependsOn();

    /** Retry, timeout, breaker, condition and compensation. */
    StageOptions options();

    /** The kind as written in JSON. */
    default String kind() {
        return switch (this) {
            case SingleStage s -> "single";
            case ScatterStage s -> "scatter";
            case GatherStage s -> "gather";
            case BroadcastStage s -> "broadcast";
            case ForkJoinStage s -> "fork-join";
            case ApprovalStage s -> "human-approval";
        };
    }

    /** {@code list} copied, or empty when {@code null} (absent in JSON). */
    static List<String> names(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** {@code options}, or {@link StageOptions#NONE} when {@code null}. */
    static StageOptions orNone(StageOptions options) {
        return options == null ? StageOptions.NONE : options;
    }
}
