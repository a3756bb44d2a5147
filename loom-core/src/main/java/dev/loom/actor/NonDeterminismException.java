package dev.loom.actor;

/**
 * A re-run turn asked for a durable step other than the one recorded at the same position. Retrying cannot
 * help, so the message is dead-lettered at once.
 */
public final class NonDeterminismException extends RuntimeException {
    public NonDeterminismException(String message) {
        super(message);
    }
}
