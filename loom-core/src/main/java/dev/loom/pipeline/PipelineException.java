package dev.loom.pipeline;

/** The base of the exceptions the pipeline API throws; each subclass says what went wrong. */
public abstract sealed class PipelineException extends RuntimeException
        permits InvalidPipelineException, UnknownPipelineException, UnknownRunException,
        IllegalRunTransitionException, DefinitionConflictException {
    PipelineException(String message) {
        super(message);
    }

    PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
