package dev.loom.examples.account;

import dev.loom.actor.ActorType;
import dev.loom.actor.StepOptions;

/**
 * The {@code account} actor: a balance that deposits raise and withdrawals lower. A withdrawal pays out through
 * the {@link PaymentGateway} inside a durable step, keyed by the step's idempotency key, so a withdrawal is
 * charged once even when its turn is re-run after a crash. The step goes through the circuit breaker
 * {@value #GATEWAY_BREAKER}: while the gateway is down and the breaker open, withdrawals wait (without using
 * their attempts) instead of being dead-lettered, and go through in order once it is back.
 */
public final class Account {
    /**
     * The account's state.
     *
     * @param balance     current balance
     * @param withdrawals withdrawals paid out
     */
    public record Balance(long balance, long withdrawals) {
    }

    /** The account's messages. */
    public sealed interface AccountMsg permits Deposit, Withdraw, GetBalance {
    }

    /** Adds {@code amount} (positive). */
    public record Deposit(long amount) implements AccountMsg {
    }

    /** Pays out {@code amount} for {@code reference} if the balance covers it. */
    public record Withdraw(long amount, String reference) implements AccountMsg {
    }

    /** Replies with the balance. */
    public record GetBalance() implements AccountMsg {
    }

    /**
     * The reply to a withdrawal.
     *
     * @param ok       whether it was paid out
     * @param chargeId the gateway's charge id when paid
     * @param reason   why not, when refused
     */
    public record WithdrawResult(boolean ok, String chargeId, String reason) {
    }

    public static final String NAME = "account";

    /** The circuit breaker the payment call goes through ({@code breakers.named.payment-gateway} configures it). */
    public static final String GATEWAY_BREAKER = "payment-gateway";

    private static final StepOptions THROUGH_GATEWAY_BREAKER = StepOptions.breaker(GATEWAY_BREAKER);

    private Account() {
    }

    /** The {@code account} actor type, paying withdrawals out through {@code gateway}. */
    public static ActorType<Balance, AccountMsg> type(PaymentGateway gateway) {
        return ActorType.builder(NAME, Balance.class, AccountMsg.class)
                .initialState(new Balance(0, 0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Deposit d -> {
                        if (d.amount() <= 0) {
                            throw new IllegalArgumentException("deposit amount must be positive: " + d.amount());
                        }
                        Balance next = new Balance(state.balance() + d.amount(), state.withdrawals());
                        ctx.reply(next.balance());
                        yield next;
                    }
                    case Withdraw w -> {
                        if (w.amount() <= 0 || w.amount() > state.balance()) {
                            ctx.reply(new WithdrawResult(false, null, w.amount() <= 0 ? "amount must be positive"
                                    : "insufficient funds: balance " + state.balance()));
                            yield state;
                        }
                        String chargeId = ctx.run("charge", String.class, THROUGH_GATEWAY_BREAKER,
                                () -> gateway.charge(ctx.idempotencyKey(), w.reference(), w.amount()));
                        ctx.reply(new WithdrawResult(true, chargeId, null));
                        yield new Balance(state.balance() - w.amount(), state.withdrawals() + 1);
                    }
                    case GetBalance g -> {
                        ctx.reply(state.balance());
                        yield state;
                    }
                })
                .build();
    }
}
