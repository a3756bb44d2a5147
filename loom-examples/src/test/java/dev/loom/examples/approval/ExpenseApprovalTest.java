package dev.loom.examples.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.examples.ExampleNode;
import dev.loom.json.Json;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.TimelineEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The expense approval flow: approved, rejected, and timed out into an escalation. */
class ExpenseApprovalTest {
    private ExampleNode node;

    @AfterEach
    void stop() {
        node.close();
    }

    private String start(PipelineDefinition definition, String expenseId) {
        node = new ExampleNode(List.of(definition));
        ObjectNode input = Json.mapper().createObjectNode().put("expenseId", expenseId).put("employee", "sam")
                .put("amount", 129).put("description", "train to the client");
        String runId = node.loom.pipelines().start(ExpenseApproval.NAME, input, expenseId);
        assertThat(node.awaitStatus(runId, RunStatus.WAITING_APPROVAL).waitingApprovals())
                .containsExactly(ExpenseApproval.STAGE);
        return runId;
    }

    private Expenses.Claim claim(String expenseId) {
        return node.loom.state(ActorRef.of(Expenses.NAME, expenseId)).as(Expenses.Claim.class);
    }

    private List<TimelineEvent.Kind> events(String runId) {
        return node.loom.pipelines().timeline(runId).events().stream().map(TimelineEvent::kind).toList();
    }

    private Approvers.Inbox director() {
        return node.loom.state(ActorRef.of(Approvers.NAME, ExpenseApproval.ESCALATE_TO)).as(Approvers.Inbox.class);
    }

    @Test
    void anApprovedClaimIsPaid() {
        String runId = start(ExpenseApproval.definition(), "e-1");
        assertThat(claim("e-1").status()).isEqualTo(Expenses.Status.SUBMITTED);

        node.loom.pipelines().approve(runId, ExpenseApproval.STAGE, "maria", "fine");
        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(claim("e-1")).isEqualTo(new Expenses.Claim("sam", 129, "train to the client", Expenses.Status.PAID,
                "approved by maria"));
        assertThat(events(runId)).doesNotContain(TimelineEvent.Kind.APPROVAL_ESCALATED);
    }

    @Test
    void aRejectedClaimIsWithdrawn() {
        String runId = start(ExpenseApproval.definition(), "e-2");

        node.loom.pipelines().reject(runId, ExpenseApproval.STAGE, "maria", "no receipt");
        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo(ExpenseApproval.STAGE);
        assertThat(run.error().message()).isEqualTo("rejected by maria: no receipt");
        assertThat(claim("e-2").status()).isEqualTo(Expenses.Status.WITHDRAWN);
        assertThat(claim("e-2").note()).isEqualTo("not approved");
    }

    @Test
    void anUndecidedClaimIsEscalatedAndTheDirectorsApprovalPaysIt() {
        String runId = start(ExpenseApproval.definition(Duration.ofMillis(300)), "e-3");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> events(runId).contains(TimelineEvent.Kind.APPROVAL_ESCALATED));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> director().received() == 1);
        assertThat(director().inbox()).containsExactly(new Approvers.Escalation("e-3", ExpenseApproval.STAGE, 129));
        assertThat(node.loom.pipelines().status(runId).waitingApprovals()).containsExactly(ExpenseApproval.STAGE);

        node.loom.pipelines().approve(runId, ExpenseApproval.STAGE, ExpenseApproval.ESCALATE_TO, null);
        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(claim("e-3").note()).isEqualTo("approved by " + ExpenseApproval.ESCALATE_TO);
        assertThat(director().received()).isEqualTo(1);
    }

    @Test
    void aClaimNobodyDecidesAfterTheEscalationIsRejectedAndWithdrawn() {
        String runId = start(ExpenseApproval.definition(Duration.ofMillis(200)), "e-4");

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().type()).isEqualTo("approval-timeout");
        assertThat(run.error().message()).endsWith("after escalation");
        assertThat(events(runId)).containsSubsequence(TimelineEvent.Kind.APPROVAL_WAITING,
                TimelineEvent.Kind.APPROVAL_ESCALATED, TimelineEvent.Kind.APPROVAL_WAITING,
                TimelineEvent.Kind.REJECTED, TimelineEvent.Kind.COMPENSATION_SENT);
        assertThat(director().received()).isEqualTo(1);
        assertThat(claim("e-4").status()).isEqualTo(Expenses.Status.WITHDRAWN);
    }
}
