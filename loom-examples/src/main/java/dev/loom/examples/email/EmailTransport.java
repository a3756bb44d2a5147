package dev.loom.examples.email;

import java.util.ArrayList;
import java.util.List;

/**
 * The mail transport the {@code email-sender} example uses. It fails a configurable share of messages,
 * chosen by a hash of the message id, so a failing message keeps failing on every retry (and reaches the
 * dead-letter queue) until the failure rate is lowered, after which a redrive delivers it.
 */
public final class EmailTransport {
    /**
     * A delivered email.
     *
     * @param messageId the Loom message id
     * @param to        recipient
     * @param subject   subject
     */
    public record Sent(String messageId, String to, String subject) {
    }

    private volatile double failureRate;
    private final List<Sent> sent = new ArrayList<>();

    /**
     * @param failureRate share of messages that fail, 0.0 to 1.0
     */
    public EmailTransport(double failureRate) {
        setFailureRate(failureRate);
    }

    /** Changes the share of messages that fail (0.0 to 1.0). */
    public void setFailureRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("failure rate must be between 0 and 1: " + rate);
        }
        this.failureRate = rate;
    }

    /** The share of messages that fail now (0.0 to 1.0). */
    public double failureRate() {
        return failureRate;
    }

    /** Whether the message with this id fails at the current rate. */
    public boolean fails(String messageId) {
        return Math.floorMod(messageId.hashCode(), 10_000) < failureRate * 10_000;
    }

    /**
     * Delivers the email or fails.
     *
     * @throws EmailDeliveryException if the message is among the failing share
     */
    public synchronized void send(String messageId, String to, String subject) {
        if (fails(messageId)) {
            throw new EmailDeliveryException("SMTP 451: temporary failure delivering to " + to);
        }
        sent.add(new Sent(messageId, to, subject));
    }

    /** Every email delivered so far, in order. */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }
}
