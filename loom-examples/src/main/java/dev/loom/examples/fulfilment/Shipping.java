package dev.loom.examples.fulfilment;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;

/**
 * The {@code shipping} actor, one per carrier: books a shipment and replies with its tracking id. An address of
 * {@value #NOWHERE} cannot be delivered to: the booking fails, and the fulfilment saga refunds and releases.
 */
public final class Shipping {
    /**
     * The carrier's state.
     *
     * @param shipped shipments booked
     */
    public record Shipments(long shipped) {
    }

    /** The carrier's messages. */
    public sealed interface ShippingMsg permits Ship {
    }

    /** Ships {@code quantity} of {@code sku} for {@code orderId} to {@code address}; replies with a {@link Shipment}. */
    public record Ship(String orderId, String sku, long quantity, String address) implements ShippingMsg {
    }

    /** The reply to a {@link Ship}. */
    public record Shipment(String orderId, String trackingId) {
    }

    public static final String NAME = "shipping";
    /** The address the carrier cannot deliver to. */
    public static final String NOWHERE = "nowhere";

    private Shipping() {
    }

    /** The {@code shipping} actor type. */
    public static ActorType<Shipments, ShippingMsg> type() {
        return ActorType.builder(NAME, Shipments.class, ShippingMsg.class)
                .initialState(new Shipments(0))
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Ship s -> {
                        if (s.address() == null || s.address().isBlank() || s.address().equals(NOWHERE)) {
                            throw new UndeliverableException(s.orderId(), s.address());
                        }
                        long number = state.shipped() + 1;
                        ctx.reply(new Shipment(s.orderId(), ctx.self().id() + "-" + number));
                        yield new Shipments(number);
                    }
                })
                .build();
    }
}
