package dev.loom.runtime;

/** No actor type of that name is registered. */
public final class UnknownActorTypeException extends RuntimeException {
    public UnknownActorTypeException(String message) {
        super(message);
    }

    public UnknownActorTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
