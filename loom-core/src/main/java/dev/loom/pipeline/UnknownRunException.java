package dev.loom.pipeline;

/** No pipeline run has this id (it was never started). */
public final class UnknownRunException extends PipelineException {
    private final String runId;

    public UnknownRunException(String runId) {
        super("no pipeline run '" + runId + "'");
        this.runId = runId;
    }

    /** The run id asked for. */
    public String runId() {
        return runId;
    }
}
