package dev.loom.runtime;

/**
 * The store refused to record a durable step because what it holds for the message differs from this node's view:
 * typically the step was already recorded by an earlier attempt whose commit outcome was lost (a connection cut off
 * at commit, a database restart). The turn stops and the partition is re-read from the store, so the message is
 * run again with the steps the store holds, replaying the recorded result.
 */
final class StepRejectedException extends RuntimeException {
    StepRejectedException(String message) {
        super(message, null, false, false);
    }
}
