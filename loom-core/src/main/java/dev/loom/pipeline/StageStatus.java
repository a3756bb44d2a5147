package dev.loom.pipeline;

/** Where one stage of a run is. */
public enum StageStatus {
    /** Its dependencies are not done yet. */
    PENDING,
    /** Its tasks are in flight (or waiting for a retry or a circuit breaker). */
    RUNNING,
    /** A human-approval stage waiting for a decision. */
    WAITING_APPROVAL,
    /** Done; its output is available. */
    SUCCEEDED,
    /** Its condition was false; its output is null. */
    SKIPPED,
    /** Failed after its retries (or was rejected). */
    FAILED,
    /** Stopped because the run was cancelled or another stage failed. */
    CANCELLED,
    /** Its compensation task is in flight. */
    COMPENSATING,
    /** Its compensation succeeded. */
    COMPENSATED,
    /** Its compensation failed. */
    COMPENSATION_FAILED
}
