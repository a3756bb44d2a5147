package dev.loom.examples.email;

/** The transport could not deliver an email. */
public final class EmailDeliveryException extends RuntimeException {
    public EmailDeliveryException(String message) {
        super(message);
    }
}
