package dev.loom.json;

import java.util.Optional;

/**
 * A value could not be converted to or from JSON. The message names the Java type and, where Jackson knows
 * it, the field path, which {@link #fieldPath()} also gives.
 */
public final class SerializationException extends RuntimeException {
    private final String fieldPath;

    public SerializationException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** With the path of the field that could not be converted, dot-separated with {@code [i]} for array elements. */
    public SerializationException(String message, Throwable cause, String fieldPath) {
        super(message, cause);
        this.fieldPath = fieldPath == null || fieldPath.isEmpty() ? null : fieldPath;
    }

    /** The field that could not be converted ({@code items[2].price}), when Jackson named one. */
    public Optional<String> fieldPath() {
        return Optional.ofNullable(fieldPath);
    }
}
