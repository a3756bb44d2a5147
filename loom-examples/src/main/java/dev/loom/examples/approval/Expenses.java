package dev.loom.examples.approval;

import dev.loom.actor.ActorType;

/**
 * The {@code expenses} actor, one per expense claim: submitted, then paid once approved, or withdrawn when the
 * approval flow rejects it (the compensation of {@link Submit}).
 */
public final class Expenses {
    /** Where a claim is. */
    public enum Status { NONE, SUBMITTED, PAID, WITHDRAWN }

    /**
     * The claim's state.
     *
     * @param employee    who claims
     * @param amount      how much
     * @param description what for
     * @param status      where it is
     * @param note        why it was withdrawn, or who approved the payment; null before either
     */
    public record Claim(String employee, long amount, String description, Status status, String note) {
    }

    /** The claim's messages. */
    public sealed interface ExpenseMsg permits Submit, Pay, Withdraw, GetClaim {
    }

    /** Submits the claim; replies with the {@link Claim}. */
    public record Submit(String employee, long amount, String description) implements ExpenseMsg {
    }

    /** Pays a submitted claim, noting who approved it; replies with the {@link Claim}. */
    public record Pay(String approvedBy) implements ExpenseMsg {
    }

    /** Withdraws a submitted claim; replies with the {@link Claim}. */
    public record Withdraw(String reason) implements ExpenseMsg {
    }

    /** Replies with the {@link Claim}. */
    public record GetClaim() implements ExpenseMsg {
    }

    public static final String NAME = "expenses";

    private Expenses() {
    }

    private static void requireStatus(String id, Claim claim, Status wanted) {
        if (claim.status() != wanted) {
            throw new IllegalStateException("expense " + id + " is " + claim.status() + ", not " + wanted);
        }
    }

    /** The {@code expenses} actor type. */
    public static ActorType<Claim, ExpenseMsg> type() {
        return ActorType.builder(NAME, Claim.class, ExpenseMsg.class)
                .initialState(new Claim(null, 0, null, Status.NONE, null))
                .handler((ctx, state, msg) -> {
                    Claim next = switch (msg) {
                        case Submit s -> {
                            if (s.amount() <= 0) {
                                throw new IllegalArgumentException("expense amount must be positive: " + s.amount());
                            }
                            requireStatus(ctx.self().id(), state, Status.NONE);
                            yield new Claim(s.employee(), s.amount(), s.description(), Status.SUBMITTED, null);
                        }
                        case Pay p -> {
                            requireStatus(ctx.self().id(), state, Status.SUBMITTED);
                            yield new Claim(state.employee(), state.amount(), state.description(), Status.PAID,
                                    "approved by " + p.approvedBy());
                        }
                        case Withdraw w -> {
                            requireStatus(ctx.self().id(), state, Status.SUBMITTED);
                            yield new Claim(state.employee(), state.amount(), state.description(), Status.WITHDRAWN,
                                    w.reason());
                        }
                        case GetClaim g -> state;
                    };
                    ctx.reply(next);
                    return next;
                })
                .build();
    }
}
