package dev.loom.runtime;

/**
 * A state cannot be reconstructed at the asked seq: the journal before it was trimmed, the seq is beyond the last,
 * or ({@link IncompatibleStateException}) the journal no longer folds into the actor type's state class.
 */
public class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
