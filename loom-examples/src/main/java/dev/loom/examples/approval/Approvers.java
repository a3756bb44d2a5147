package dev.loom.examples.approval;

import dev.loom.actor.ActorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code approvers} actor, one per person who decides escalated approvals: its state is the inbox of
 * escalations sent to them (the most recent {@value #INBOX}).
 */
public final class Approvers {
    /**
     * One escalation.
     *
     * @param expenseId the claim waiting
     * @param stage     the approval stage that timed out
     * @param amount    the claim's amount
     */
    public record Escalation(String expenseId, String stage, long amount) {
    }

    /**
     * The approver's state.
     *
     * @param received escalations received, ever
     * @param inbox    the latest escalations, oldest first
     */
    public record Inbox(long received, List<Escalation> inbox) {
        public Inbox {
            inbox = List.copyOf(inbox);
        }
    }

    /** The approver's messages. */
    public sealed interface ApproverMsg permits Escalate {
    }

    /** An approval of {@code expenseId} waited too long and is now this approver's to decide. */
    public record Escalate(String expenseId, String stage, long amount) implements ApproverMsg {
    }

    public static final String NAME = "approvers";
    /** Escalations kept in the inbox. */
    public static final int INBOX = 100;

    private Approvers() {
    }

    /** The {@code approvers} actor type. */
    public static ActorType<Inbox, ApproverMsg> type() {
        return ActorType.builder(NAME, Inbox.class, ApproverMsg.class)
                .initialState(new Inbox(0, List.of()))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Escalate e -> {
                        List<Escalation> inbox = new ArrayList<>(state.inbox());
                        inbox.add(new Escalation(e.expenseId(), e.stage(), e.amount()));
                        if (inbox.size() > INBOX) {
                            inbox.removeFirst();
                        }
                        ctx.reply(inbox.size());
                        yield new Inbox(state.received() + 1, inbox);
                    }
                })
                .build();
    }
}
