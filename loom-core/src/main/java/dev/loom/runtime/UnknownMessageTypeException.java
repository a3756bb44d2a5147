package dev.loom.runtime;

/** The actor type has no message type of that name, or the object is not one of its messages. */
public final class UnknownMessageTypeException extends RuntimeException {
    public UnknownMessageTypeException(String message) {
        super(message);
    }

    public UnknownMessageTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
