package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, versioned pipeline: a DAG of {@link Stage stages}. Built in Java with {@link #builder(String, int)} or
 * read from its JSON form with {@link #fromJson(String)}; both are the same model and {@link #toJson()} writes it
 * back. A definition is immutable; a run is pinned to the version it starts with, so registering a new version never
 * changes running runs.
 *
 * <pre>{@code
 * PipelineDefinition order = PipelineDefinition.builder("order-fulfilment", 1)
 *     .single("reserve", Task.to("inventory", Value.at("/input/warehouse"), "Reserve").with("sku", "/input/sku"),
 *             s -> s.compensation(Task.to("inventory", Value.at("/input/warehouse"), "Release")
 *                     .with("sku", "/input/sku")))
 *     .single("charge", Task.to("payments", "gateway", "Charge").with("amount", "/input/amount"),
 *             s -> s.after("reserve").retry(3, Duration.ofSeconds(1)).breaker("payments"))
 *     .build();
 * }</pre>
 *
 * @param name    the name ({@code [a-z][a-z0-9._-]{0,63}})
 * @param version the version, at least 1
 * @param stages  the stages, in order (the order of views and of the DAG's tie-breaks)
 */
public record PipelineDefinition(String name, int version, List<Stage> stages) {
    private static final Pattern STAGES_INDEX = Pattern.compile("^stages\\[(\\d+)]\\.?(.*)$");

    public PipelineDefinition {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** A builder for a definition named {@code name} at {@code version}. */
    public static Builder builder(String name, int version) {
        return new Builder(name, version);
    }

    /** The stage named {@code stage}. */
    public Optional<Stage> stage(String stage) {
        for (Stage s : stages) {
            if (s.name().equals(stage)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with this definition: its shape (names, DAG, pointers, options) and, when {@code catalog} is
     * given, the actor and message types its tasks name.
     *
     * @param catalog message type names by actor type name, or {@code null} to check the shape only
     * @return the problems, empty when the definition is valid
     */
    public List<DefinitionProblem> problems(Map<String, ? extends Collection<String>> catalog) {
        return new DefinitionValidator(this, catalog).problems();
    }

    /**
     * Checks this definition as {@link #problems(Map)} does.
     *
     * @return this definition
     * @throws InvalidPipelineException naming every stage and field at fault
     */
    public PipelineDefinition validate(Map<String, ? extends Collection<String>> catalog) {
        List<DefinitionProblem> problems = problems(catalog);
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(name, problems);
        }
        return this;
    }

    /** The JSON form. */
    public String toJson() {
        return Json.write(this);
    }

    /** The JSON form as a tree. */
    public JsonNode toJsonTree() {
        return Json.toTree(this);
    }

    /**
     * Reads the JSON form and checks its shape ({@link #problems(Map) problems(null)}).
     *
     * @throws InvalidPipelineException if the text is not a definition (naming the stage and field) or its shape
     *                                  is invalid
     */
    public static PipelineDefinition fromJson(String json) {
        JsonNode tree;
        try {
            tree = Json.parse(json);
        } catch (SerializationException e) {
            throw new InvalidPipelineException(null, new DefinitionProblem(null, "(body)", e.getMessage()), e);
        }
        return fromJson(tree);
    }

    /** As {@link #fromJson(String)}, from a tree. */
    public static PipelineDefinition fromJson(JsonNode tree) {
        Objects.requireNonNull(tree, "tree");
        String name = tree.path("name").isTextual() ? tree.path("name").asText() : null;
        PipelineDefinition def;
        try {
            def = Json.fromTree(tree, PipelineDefinition.class);
        } catch (SerializationException e) {
            throw new InvalidPipelineException(name, problemAt(tree, e), e);
        }
        return def.validate(null);
    }

    private static DefinitionProblem problemAt(JsonNode tree, SerializationException e) {
        String path = e.fieldPath().orElse("(body)");
        Matcher m = STAGES_INDEX.matcher(path);
        String cause = rootMessage(e);
        if (m.matches()) {
            JsonNode stage = tree.path("stages").path(Integer.parseInt(m.group(1)));
            String stageName = stage.path("name").isTextual() ? stage.path("name").asText() : "#" + m.group(1);
            return new DefinitionProblem(stageName, m.group(2).isEmpty() ? "kind" : m.group(2), cause);
        }
        return new DefinitionProblem(null, path, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t instanceof IllegalArgumentException || t instanceof NullPointerException) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    /**
     * Builds a {@link PipelineDefinition}; each method adds one stage, configured by an optional
     * {@link StageSpec} consumer (dependencies, retry, timeout, breaker, condition, compensation).
     */
    public static final class Builder {
        private final String name;
        private final int version;
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String name, int version) {
            this.name = name;
            this.version = version;
        }

        /** Adds a stage built elsewhere. */
        public Builder stage(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /** Adds a {@link SingleStage} with no dependencies and default options. */
        public Builder single(String stage, Task task) {
            return single(stage, task, s -> { });
        }

        /** Adds a {@link SingleStage}. */
        public Builder single(String stage, Task task, Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new SingleStage(stage, s.dependsOn(), task, s.options()));
        }

        /** Adds a {@link ScatterStage}: {@code task} per item of {@code items}, at most {@code concurrency} at once. */
        public Builder scatter(String stage, Value items, Task task, int concurrency, Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new ScatterStage(stage, s.dependsOn(), items, task, concurrency, s.options()));
        }

        /** Adds a {@link GatherStage} over the stages named by {@link StageSpec#after}. */
        public Builder gather(String stage, GatherStage.Mode mode, int count, Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new GatherStage(stage, s.dependsOn(), mode, count, s.options()));
        }

        /** Adds a {@link BroadcastStage}: the message with {@code input} to each actor id in {@code actorIds}. */
        public Builder broadcast(String stage, String actorType, Value actorIds, String messageType,
                                 Map<String, Value> input, Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new BroadcastStage(stage, s.dependsOn(), actorType, actorIds, messageType, input,
                    s.options()));
        }

        /** Adds a {@link ForkJoinStage} of {@code branches} (keep their order with a {@code LinkedHashMap}). */
        public Builder forkJoin(String stage, Map<String, Task> branches, Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new ForkJoinStage(stage, s.dependsOn(), branches, s.options()));
        }

        /** Adds an {@link ApprovalStage}; {@code escalation} only with {@link ApprovalStage.OnTimeout#ESCALATE}. */
        public Builder approval(String stage, ApprovalStage.OnTimeout onTimeout, Task escalation,
                                Consumer<StageSpec> spec) {
            StageSpec s = StageSpec.of(spec);
            return stage(new ApprovalStage(stage, s.dependsOn(), onTimeout, escalation, s.options()));
        }

        /**
         * The definition, with its shape checked (actor and message types are checked when it is registered).
         *
         * @throws InvalidPipelineException naming each stage and field at fault
         */
        public PipelineDefinition build() {
            return new PipelineDefinition(name, version, stages).validate(null);
        }
    }
}
