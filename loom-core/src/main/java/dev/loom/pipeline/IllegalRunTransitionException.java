package dev.loom.pipeline;

/**
 * An operation does not apply to the run as it is now, e.g. approving a stage that is not waiting for approval,
 * resuming a run that is not paused, redriving a run that has not failed. Nothing was changed.
 */
public final class IllegalRunTransitionException extends PipelineException {
    private final String runId;
    private final String operation;
    private final RunStatus status;

    public IllegalRunTransitionException(String runId, String operation, RunStatus status, String reason) {
        super("cannot " + operation + " pipeline run '" + runId + "' (" + status + "): " + reason);
        this.runId = runId;
        this.operation = operation;
        this.status = status;
    }

    /** The run. */
    public String runId() {
        return runId;
    }

    /** The refused operation ({@code approve}, {@code pause}, ...). */
    public String operation() {
        return operation;
    }

    /** The run's status when it was refused. */
    public RunStatus status() {
        return status;
    }
}
