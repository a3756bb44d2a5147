package dev.loom.examples.fulfilment;

/** A reservation asked for more units than the warehouse has available. */
public final class OutOfStockException extends RuntimeException {
    public OutOfStockException(String orderId, String sku, long wanted, long available) {
        super("order " + orderId + " wants " + wanted + " of " + sku + " but " + available + " are available");
    }
}
