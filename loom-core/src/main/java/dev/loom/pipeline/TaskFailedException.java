package dev.loom.pipeline;

/** Recorded on a stage's circuit breaker when one of its tasks failed or timed out. */
final class TaskFailedException extends RuntimeException {
    TaskFailedException(String message) {
        super(message, null, false, false);
    }
}
