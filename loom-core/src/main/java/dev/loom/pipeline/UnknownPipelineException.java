package dev.loom.pipeline;

/** No pipeline definition (or no such version of it) is registered. */
public final class UnknownPipelineException extends PipelineException {
    private final String pipeline;

    public UnknownPipelineException(String pipeline, String message) {
        super(message);
        this.pipeline = pipeline;
    }

    /** The name asked for. */
    public String pipeline() {
        return pipeline;
    }
}
