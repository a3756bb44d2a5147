package dev.loom.examples.fulfilment;

/** The carrier cannot deliver to the address; nothing was shipped. */
public final class UndeliverableException extends RuntimeException {
    public UndeliverableException(String orderId, String address) {
        super("order " + orderId + " cannot be delivered to '" + address + "'");
    }
}
