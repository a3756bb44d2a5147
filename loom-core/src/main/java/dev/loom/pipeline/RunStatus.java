package dev.loom.pipeline;

/** Where a pipeline run is. {@link #isTerminal() Terminal} statuses never change again, except by redrive. */
public enum RunStatus {
    /** Stages are being dispatched or awaited. */
    RUNNING,
    /**
     * Paused by an operator: nothing new is dispatched; outcomes of tasks in flight are still recorded. On resume
     * the run continues in the phase it was paused in (running or compensating).
     */
    PAUSED,
    /** Running, with at least one human-approval stage waiting for a decision. */
    WAITING_APPROVAL,
    /** Every stage succeeded or was skipped. */
    SUCCEEDED,
    /** A stage failed (or the run was cancelled with compensation): compensations are running. */
    COMPENSATING,
    /**
     * A stage failed and every compensation of the succeeded stages succeeded (the definition has at least one
     * compensation); the failed stage's error is kept.
     */
    COMPENSATED,
    /**
     * A stage failed and a compensation failed too (the saga stops at the failed compensation), or the definition
     * has no compensation at all.
     */
    FAILED,
    /** Cancelled by an operator (after its compensations, when asked for and all succeeded). */
    CANCELLED;

    /** Whether the run has ended. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == COMPENSATED || this == FAILED || this == CANCELLED;
    }
}
