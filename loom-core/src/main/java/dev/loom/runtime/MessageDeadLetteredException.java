package dev.loom.runtime;

/** The asked message failed its last attempt and was dead-lettered; the message names the dead letter. */
public final class MessageDeadLetteredException extends RuntimeException {
    public MessageDeadLetteredException(String message) {
        super(message);
    }

    public MessageDeadLetteredException(String message, Throwable cause) {
        super(message, cause);
    }
}
