package dev.loom.runtime;

/** No reply arrived within an ask's timeout. The message is still accepted and will be handled. */
public final class AskTimeoutException extends RuntimeException {
    public AskTimeoutException(String message) {
        super(message);
    }

    public AskTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
