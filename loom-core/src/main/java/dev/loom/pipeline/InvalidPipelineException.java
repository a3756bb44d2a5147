package dev.loom.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline definition is malformed; {@link #problems()} names each stage and field at fault. */
public final class InvalidPipelineException extends PipelineException {
    private final String pipeline;
    private final List<DefinitionProblem> problems;

    public InvalidPipelineException(String pipeline, List<DefinitionProblem> problems) {
        super("invalid pipeline '" + pipeline + "': "
                + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("; ")));
        this.pipeline = pipeline;
        this.problems = List.copyOf(problems);
    }

    /** As the two-argument constructor, for a definition that could not even be read (bad JSON). */
    public InvalidPipelineException(String pipeline, DefinitionProblem problem, Throwable cause) {
        super("invalid pipeline '" + pipeline + "': " + problem, cause);
        this.pipeline = pipeline;
        this.problems = List.of(problem);
    }

    /** The definition's name as given (may be {@code null} when it had none). */
    public String pipeline() {
        return pipeline;
    }

    /** What is wrong, at least one. */
    public List<DefinitionProblem> problems() {
        return problems;
    }
}
