package dev.loom.examples.fulfilment;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.examples.account.PaymentGateway;
import java.time.Duration;

/**
 * The {@code payments} actor, one per customer: charges orders and refunds them through the
 * {@link PaymentGateway}, each call inside a durable step keyed by the step's idempotency key. A turn re-run after
 * a crash returns the recorded charge instead of calling again; a crash between the gateway's answer and the
 * step's record calls again with the same key, which the gateway de-duplicates. So an order is charged once.
 *
 * <p>The card {@value #DECLINED_CARD} is declined (the usual test card number for a decline): the charge fails
 * without calling the gateway, and after its attempts the message is dead-lettered, failing the pipeline stage.
 */
public final class Payments {
    /**
     * The customer's payment record.
     *
     * @param charges charges made
     * @param refunds refunds made
     */
    public record Ledger(long charges, long refunds) {
    }

    /** The payment messages. */
    public sealed interface PaymentMsg permits Charge, Refund {
    }

    /** Charges {@code amount} for {@code orderId} to {@code card}; replies with a {@link Charged}. */
    public record Charge(String orderId, long amount, String card) implements PaymentMsg {
    }

    /** Refunds the charge {@code chargeId} of {@code orderId} (the saga's compensation); replies with a {@link Refunded}. */
    public record Refund(String orderId, String chargeId) implements PaymentMsg {
    }

    /** The reply to a {@link Charge}. */
    public record Charged(String orderId, String chargeId, long amount) {
    }

    /** The reply to a {@link Refund}. */
    public record Refunded(String orderId, String chargeId, String refundId) {
    }

    public static final String NAME = "payments";
    /** The card number the example declines. */
    public static final String DECLINED_CARD = "4000-0000-0000-0002";
    /** Three attempts a few milliseconds apart: a decline reaches the dead-letter queue (and fails its stage) quickly. */
    public static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 2.0);

    private Payments() {
    }

    /** The {@code payments} actor type, calling {@code gateway}. */
    public static ActorType<Ledger, PaymentMsg> type(PaymentGateway gateway) {
        return ActorType.builder(NAME, Ledger.class, PaymentMsg.class)
                .initialState(new Ledger(0, 0))
                .retry(RETRY)
                .handler((ctx, state, msg) -> switch (msg) {
                    case Charge c -> {
                        if (c.amount() <= 0) {
                            throw new IllegalArgumentException("charge amount must be positive: " + c.amount());
                        }
                        if (DECLINED_CARD.equals(c.card())) {
                            throw new PaymentDeclinedException(c.orderId(), c.card());
                        }
                        String chargeId = ctx.run("charge", String.class,
                                () -> gateway.charge(ctx.idempotencyKey(), c.orderId(), c.amount()));
                        ctx.reply(new Charged(c.orderId(), chargeId, c.amount()));
                        yield new Ledger(state.charges() + 1, state.refunds());
                    }
                    case Refund r -> {
                        String refundId = ctx.run("refund", String.class,
                                () -> gateway.refund(ctx.idempotencyKey(), r.chargeId()));
                        ctx.reply(new Refunded(r.orderId(), r.chargeId(), refundId));
                        yield new Ledger(state.charges(), state.refunds() + 1);
                    }
                })
                .build();
    }
}
