package dev.loom.examples.order;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.examples.account.Account;

/**
 * The {@code order} actor: placing an order asks the customer's {@code account} to withdraw its amount, by a
 * message the order's turn sends (so it is sent exactly when the order is recorded). An order and the withdrawal
 * it causes are one causal chain: with tracing on, one trace holds the order's turn and the account's.
 */
public final class Order {
    /**
     * @param placed  orders placed
     * @param account the account the last order charged, or null
     */
    public record Orders(long placed, String account) {
    }

    /** The order's messages. */
    public sealed interface OrderMsg permits Place {
    }

    /** Places an order of {@code amount} charged to {@code account/<account>}. */
    public record Place(String account, long amount) implements OrderMsg {
    }

    public static final String NAME = "order";

    private Order() {
    }

    /** The {@code order} actor type. */
    public static ActorType<Orders, OrderMsg> type() {
        return ActorType.builder(NAME, Orders.class, OrderMsg.class)
                .initialState(new Orders(0, null))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Place p -> {
                        if (p.amount() <= 0) {
                            throw new IllegalArgumentException("order amount must be positive: " + p.amount());
                        }
                        long number = state.placed() + 1;
                        ctx.send(ActorRef.of(Account.NAME, p.account()),
                                new Account.Withdraw(p.amount(), ctx.self().id() + "-" + number));
                        ctx.reply(number);
                        yield new Orders(number, p.account());
                    }
                })
                .build();
    }
}
