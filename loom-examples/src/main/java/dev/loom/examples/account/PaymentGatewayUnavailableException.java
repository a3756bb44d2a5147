package dev.loom.examples.account;

/** The payment gateway is down: the charge was not made. Retrying later may succeed. */
public final class PaymentGatewayUnavailableException extends RuntimeException {
    public PaymentGatewayUnavailableException(String message) {
        super(message);
    }
}
