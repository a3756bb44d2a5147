package dev.loom.runtime;

/** A message's JSON does not match its message type (wrong field, wrong type, missing value). The message names the field. */
public final class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
