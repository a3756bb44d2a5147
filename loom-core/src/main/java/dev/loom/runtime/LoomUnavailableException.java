package dev.loom.runtime;

/** The runtime is not accepting work (not started, draining, or stopped). */
public final class LoomUnavailableException extends RuntimeException {
    public LoomUnavailableException(String message) {
        super(message);
    }

    public LoomUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
