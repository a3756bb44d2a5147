package dev.loom.examples.approval;

import dev.loom.pipeline.ApprovalStage;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;
import java.time.Duration;

/**
 * The {@code expense-approval} pipeline: submit the claim ({@link Expenses}) → a manager approves (a
 * human-approval stage) → pay it. When the manager has not decided within the timeout, the approval is escalated
 * to the {@value #ESCALATE_TO} ({@link Approvers}) and waits once more; if still nobody decides, it is rejected.
 * A rejection withdraws the claim (the compensation of {@code submit}) and the run ends {@code COMPENSATED}.
 *
 * <p>Input: {@code {"expenseId", "employee", "amount", "description"}}. Decide with
 * {@code loom.pipelines().approve(runId, "manager", by, comment)} (or reject).
 */
public final class ExpenseApproval {
    public static final String NAME = "expense-approval";
    /** The approval stage's name. */
    public static final String STAGE = "manager";
    /** Who an undecided approval is escalated to. */
    public static final String ESCALATE_TO = "finance-director";
    /** The registered definition's wait per round: short, so that a demo shows the escalation. */
    public static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ExpenseApproval() {
    }

    /** The definition (version 1) with the {@link #TIMEOUT}. */
    public static PipelineDefinition definition() {
        return definition(TIMEOUT);
    }

    /** The definition (version 1), waiting {@code timeout} for a decision before escalating, and again after. */
    public static PipelineDefinition definition(Duration timeout) {
        return PipelineDefinition.builder(NAME, 1)
                .single("submit", Task.to(Expenses.NAME, Value.at("/input/expenseId"), "Submit")
                                .with("employee", "/input/employee").with("amount", "/input/amount")
                                .with("description", "/input/description"),
                        s -> s.compensation(Task.to(Expenses.NAME, Value.at("/input/expenseId"), "Withdraw")
                                .with("reason", Value.of("not approved"))))
                .approval(STAGE, ApprovalStage.OnTimeout.ESCALATE,
                        Task.to(Approvers.NAME, ESCALATE_TO, "Escalate").with("expenseId", "/input/expenseId")
                                .with("stage", Value.of(STAGE)).with("amount", "/input/amount"),
                        s -> s.after("submit").timeout(timeout))
                .single("pay", Task.to(Expenses.NAME, Value.at("/input/expenseId"), "Pay")
                        .with("approvedBy", "/stages/manager/output/by"), s -> s.after(STAGE))
                .build();
    }
}
