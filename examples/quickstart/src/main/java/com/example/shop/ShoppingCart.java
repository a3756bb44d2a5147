package com.example.shop;

import dev.loom.actor.ActorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cart} actor: one shopping cart per id (e.g. a customer or session id).
 *
 * <ul>
 * <li>{@link AddItem} puts items in the cart and replies with the cart. Every change arms a timer: a cart left alone
 *     for {@link #ABANDON_AFTER} is emptied ({@link Abandon}).</li>
 * <li>{@link Checkout} charges the total through {@link Payments} inside a durable step, so a checkout whose turn is
 *     re-run after a crash is not charged twice, and replies with a {@link Receipt}.</li>
 * <li>{@link GetCart} replies with the cart.</li>
 * </ul>
 */
public final class ShoppingCart {
    /** The actor type's name: actors are addressed as {@code cart/<id>}. */
    public static final String NAME = "cart";

    /** How long a cart may sit unchanged before it is emptied. */
    public static final Duration ABANDON_AFTER = Duration.ofMinutes(30);

    /**
     * One line of the cart.
     *
     * @param sku        the product
     * @param quantity   how many
     * @param priceCents the unit price
     */
    public record Line(String sku, int quantity, long priceCents) {
    }

    /**
     * The cart's state.
     *
     * @param lines    what is in the cart
     * @param revision the journal seq of the last change; the abandonment timer armed by that change carries it
     * @param orders   checkouts completed
     */
    public record Cart(List<Line> lines, long revision, int orders) {
        public Cart {
            lines = List.copyOf(lines);
        }

        /** The sum of the lines. */
        public long totalCents() {
            return lines.stream().mapToLong(l -> l.quantity() * l.priceCents()).sum();
        }
    }

    /** The cart's messages. */
    public sealed interface CartMsg permits AddItem, Checkout, GetCart, Abandon {
    }

    /** Adds {@code quantity} of {@code sku} at {@code priceCents} each. */
    public record AddItem(String sku, int quantity, long priceCents) implements CartMsg {
    }

    /** Pays for the cart and empties it. */
    public record Checkout() implements CartMsg {
    }

    /** Replies with the cart. */
    public record GetCart() implements CartMsg {
    }

    /** The abandonment timer: empties the cart unless it changed after revision {@code revision}. */
    public record Abandon(long revision) implements CartMsg {
    }

    /**
     * The reply to a checkout.
     *
     * @param paid       whether the cart was charged
     * @param chargeId   the payment provider's charge id, when paid
     * @param totalCents the amount charged
     * @param reason     why not, when not paid
     */
    public record Receipt(boolean paid, String chargeId, long totalCents, String reason) {
    }

    private ShoppingCart() {
    }

    /** The {@code cart} actor type, charging checkouts through {@code payments}. */
    public static ActorType<Cart, CartMsg> type(Payments payments) {
        return ActorType.builder(NAME, Cart.class, CartMsg.class)
                .initialState(new Cart(List.of(), 0, 0))
                .handler((ctx, cart, msg) -> switch (msg) {
                    case AddItem add -> {
                        if (add.quantity() <= 0 || add.priceCents() < 0) {
                            // Thrown, so the message is retried and then dead-lettered where an operator sees it.
                            throw new IllegalArgumentException("quantity must be positive and price not negative: "
                                    + add);
                        }
                        List<Line> lines = new ArrayList<>(cart.lines());
                        lines.add(new Line(add.sku(), add.quantity(), add.priceCents()));
                        Cart next = new Cart(lines, ctx.seq(), cart.orders());
                        // Timers cannot be cancelled; the revision tells a stale one from the latest.
                        ctx.schedule(ABANDON_AFTER, new Abandon(next.revision()));
                        ctx.reply(next);
                        yield next;
                    }
                    case Checkout checkout -> {
                        if (cart.lines().isEmpty()) {
                            ctx.reply(new Receipt(false, null, 0, "the cart is empty"));
                            yield cart;
                        }
                        long total = cart.totalCents();
                        String chargeId = ctx.run("charge", String.class,
                                () -> payments.charge(ctx.idempotencyKey(), total));
                        ctx.log().info("cart {} paid {} cents as {}", ctx.self().id(), total, chargeId);
                        ctx.reply(new Receipt(true, chargeId, total, null));
                        yield new Cart(List.of(), ctx.seq(), cart.orders() + 1);
                    }
                    case GetCart get -> {
                        ctx.reply(cart);
                        yield cart;
                    }
                    case Abandon abandon -> abandon.revision() == cart.revision() && !cart.lines().isEmpty()
                            ? new Cart(List.of(), ctx.seq(), cart.orders())
                            : cart;
                })
                .build();
    }
}
