package dev.loom.pipeline;

/**
 * One thing wrong with a pipeline definition.
 *
 * @param stage   the stage at fault, or {@code null} for the definition itself
 * @param field   the field at fault, e.g. {@code dependsOn}, {@code task.messageType}, {@code options.condition}
 * @param message what is wrong and what would be right
 */
public record DefinitionProblem(String stage, String field, String message) {
    @Override
    public String toString() {
        return (stage == null ? "" : "stage '" + stage + "' ") + "field '" + field + "': " + message;
    }
}
