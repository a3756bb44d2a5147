package dev.loom.examples.fulfilment;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code inventory} actor, one per warehouse: stock by SKU and the reservations orders hold. The order
 * fulfilment saga reserves stock first and, when a later stage fails, releases it again (its compensation).
 *
 * <p>Refusals (not enough stock, an unknown order to release) are exceptions: the message is dead-lettered after
 * its single attempt, so the pipeline stage that sent it fails at once.
 */
public final class Inventory {
    /**
     * A reservation held by an order.
     *
     * @param sku      what is reserved
     * @param quantity how many
     */
    public record Reservation(String sku, long quantity) {
    }

    /**
     * The warehouse's state.
     *
     * @param available    units not reserved, by SKU
     * @param reservations reservations held, by order id (removed on release)
     * @param reserved     reservations made, ever
     * @param released     reservations released, ever
     */
    public record Stock(Map<String, Long> available, Map<String, Reservation> reservations, long reserved,
                        long released) {
        public Stock {
            available = Map.copyOf(available);
            reservations = Map.copyOf(reservations);
        }
    }

    /** The inventory's messages. */
    public sealed interface InventoryMsg permits Restock, Reserve, Release, GetStock {
    }

    /** Adds {@code quantity} (positive) units of {@code sku}. */
    public record Restock(String sku, long quantity) implements InventoryMsg {
    }

    /** Reserves {@code quantity} units of {@code sku} for {@code orderId}; replies with the {@link Reservation}. */
    public record Reserve(String orderId, String sku, long quantity) implements InventoryMsg {
    }

    /** Returns the units {@code orderId} reserved to stock (the saga's compensation of {@link Reserve}). */
    public record Release(String orderId) implements InventoryMsg {
    }

    /** Replies with the {@link Stock}. */
    public record GetStock() implements InventoryMsg {
    }

    public static final String NAME = "inventory";

    /** One attempt: a refusal does not go away by retrying. */
    public static final RetryPolicy RETRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    private Inventory() {
    }

    /** The {@code inventory} actor type. */
    public static ActorType<Stock, InventoryMsg> type() {
        return ActorType.builder(NAME, Stock.class, InventoryMsg.class)
                .initialState(new Stock(Map.of(), Map.of(), 0, 0))
                .retry(RETRY)
                .handler((ctx, state, msg) -> switch (msg) {
                    case Restock r -> {
                        if (r.quantity() <= 0) {
                            throw new IllegalArgumentException("restock quantity must be positive: " + r.quantity());
                        }
                        Map<String, Long> available = new TreeMap<>(state.available());
                        available.merge(r.sku(), r.quantity(), Long::sum);
                        ctx.reply(available.get(r.sku()));
                        yield new Stock(available, state.reservations(), state.reserved(), state.released());
                    }
                    case Reserve r -> {
                        long have = state.available().getOrDefault(r.sku(), 0L);
                        if (r.quantity() <= 0 || r.quantity() > have) {
                            throw new OutOfStockException(r.orderId(), r.sku(), r.quantity(), have);
                        }
                        if (state.reservations().containsKey(r.orderId())) {
                            throw new IllegalStateException("order " + r.orderId() + " already holds a reservation "
                                    + state.reservations().get(r.orderId()));
                        }
                        Map<String, Long> available = new TreeMap<>(state.available());
                        available.put(r.sku(), have - r.quantity());
                        Map<String, Reservation> reservations = new TreeMap<>(state.reservations());
                        Reservation reservation = new Reservation(r.sku(), r.quantity());
                        reservations.put(r.orderId(), reservation);
                        ctx.reply(reservation);
                        yield new Stock(available, reservations, state.reserved() + 1, state.released());
                    }
                    case Release r -> {
                        Reservation held = state.reservations().get(r.orderId());
                        if (held == null) {
                            throw new IllegalStateException("order " + r.orderId() + " holds no reservation to release");
                        }
                        Map<String, Long> available = new TreeMap<>(state.available());
                        available.merge(held.sku(), held.quantity(), Long::sum);
                        Map<String, Reservation> reservations = new TreeMap<>(state.reservations());
                        reservations.remove(r.orderId());
                        ctx.reply(held);
                        yield new Stock(available, reservations, state.reserved(), state.released() + 1);
                    }
                    case GetStock g -> {
                        ctx.reply(state);
                        yield state;
                    }
                })
                .build();
    }
}
