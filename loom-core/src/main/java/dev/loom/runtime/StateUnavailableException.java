package dev.loom.runtime;

/** A state cannot be reconstructed at the asked seq (the journal before it was trimmed, or the seq is beyond the last). */
public final class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
