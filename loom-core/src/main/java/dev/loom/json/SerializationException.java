package dev.loom.json;

/**
 * A value could not be converted to or from JSON. The message names the Java type and, where Jackson knows
 * it, the field path.
 */
public final class SerializationException extends RuntimeException {
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
