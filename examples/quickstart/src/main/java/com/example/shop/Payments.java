package com.example.shop;

/** The payment provider the cart charges at checkout. */
@FunctionalInterface
public interface Payments {
    /**
     * Charges {@code amountCents}. A provider de-duplicates by {@code idempotencyKey}: a second call with the same key
     * charges nothing and returns the first charge's id, which is what makes a re-run checkout safe.
     *
     * @return the provider's charge id
     */
    String charge(String idempotencyKey, long amountCents);
}
