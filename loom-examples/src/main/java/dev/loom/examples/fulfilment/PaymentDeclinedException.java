package dev.loom.examples.fulfilment;

/** The card was declined; nothing was charged. */
public final class PaymentDeclinedException extends RuntimeException {
    public PaymentDeclinedException(String orderId, String card) {
        super("card " + card + " declined for order " + orderId);
    }
}
