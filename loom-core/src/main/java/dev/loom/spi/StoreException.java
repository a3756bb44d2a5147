package dev.loom.spi;

/** A store could not do what was asked (unreachable, full, corrupt, incompatible). The message says why. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
