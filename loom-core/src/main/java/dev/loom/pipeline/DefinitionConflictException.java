package dev.loom.pipeline;

/**
 * A definition was registered with a name and version that already exist with other content. Versions are
 * immutable, because running runs may use them: register the change as a new version.
 */
public final class DefinitionConflictException extends PipelineException {
    public DefinitionConflictException(String pipeline, int version) {
        super("pipeline '" + pipeline + "' version " + version
                + " is already registered with other content; register the change as a new version");
    }
}
