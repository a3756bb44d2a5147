package dev.loom.pipeline;

import static dev.loom.pipeline.PipelineRuns.awaitEnd;
import static dev.loom.pipeline.PipelineRuns.awaitStatus;
import static dev.loom.pipeline.Workers.task;
import static dev.loom.pipeline.Workers.undo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.runtime.Loom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Human-approval stages: approve, reject, and each kind of timeout. */
class ApprovalTest {
    @RegisterExtension
    final PipelineRuns runs = new PipelineRuns();

    private static PipelineDefinition gated(String name, ApprovalStage.OnTimeout onTimeout, Task escalation,
                                            Duration timeout) {
        return PipelineDefinition.builder(name, 1)
                .single("prepare", task("w1", name + "-prepare"), s -> s.compensation(undo("w1", name + "-undo")))
                .approval("gate", onTimeout, escalation, s -> {
                    s.after("prepare");
                    if (timeout != null) {
                        s.timeout(timeout);
                    }
                })
                .single("finish", task("w1", name + "-finish"), s -> s.after("gate"))
                .build();
    }

    @Test
    void anApprovedStageCompletesWithTheDecisionAsItsOutput() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("approve", ApprovalStage.OnTimeout.REJECT, null, null));
        String runId = loom.pipelines().start("approve", null, null);

        RunView waiting = awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);
        assertThat(waiting.waitingApprovals()).containsExactly("gate");
        assertThat(loom.pipelines().list(RunFilter.all().withStatus(RunStatus.WAITING_APPROVAL)).runs())
                .extracting(RunView::runId).containsExactly(runId);

        loom.pipelines().approve(runId, "gate", "ann", "looks fine");
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stage("gate").output().path("decision").asText()).isEqualTo("approved");
        assertThat(run.stage("gate").output().path("by").asText()).isEqualTo("ann");
        assertThatThrownBy(() -> loom.pipelines().approve(runId, "gate", "ann", "again"))
                .isInstanceOf(IllegalRunTransitionException.class).hasMessageContaining("not waiting for approval");
    }

    @Test
    void aRejectedStageFailsAndTheRunCompensates() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("reject", ApprovalStage.OnTimeout.REJECT, null, null));
        String runId = loom.pipelines().start("reject", null, null);
        awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);

        loom.pipelines().reject(runId, "gate", "bob", "too expensive");
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().type()).isEqualTo("rejected");
        assertThat(run.error().message()).isEqualTo("rejected by bob: too expensive");
        assertThat(runs.workers.compensations).containsExactly("reject-undo");
        assertThat(runs.workers.handled).doesNotContain("reject-finish");
    }

    @Test
    void approvingAStageThatIsNotWaitingOrAnUnknownRunIsRefused() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("refusals", ApprovalStage.OnTimeout.REJECT, null, null));
        String runId = loom.pipelines().start("refusals", null, null);
        awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);

        assertThatThrownBy(() -> loom.pipelines().approve(runId, "finish", "ann", null))
                .isInstanceOf(IllegalRunTransitionException.class).hasMessageContaining("stage 'finish'");
        assertThatThrownBy(() -> loom.pipelines().approve(runId, "nope", "ann", null))
                .isInstanceOf(IllegalRunTransitionException.class).hasMessageContaining("no stage 'nope'");
        assertThatThrownBy(() -> loom.pipelines().approve("refusals~missing", "gate", "ann", null))
                .isInstanceOf(UnknownRunException.class);
    }

    @Test
    void aTimeoutRejectsOrApprovesAsConfigured() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("timeout-reject", ApprovalStage.OnTimeout.REJECT, null,
                Duration.ofMillis(150)));
        loom.pipelines().register(gated("timeout-approve", ApprovalStage.OnTimeout.APPROVE, null,
                Duration.ofMillis(150)));

        RunView rejected = awaitEnd(loom, loom.pipelines().start("timeout-reject", null, null));
        RunView approved = awaitEnd(loom, loom.pipelines().start("timeout-approve", null, null));

        assertThat(rejected.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(rejected.error().type()).isEqualTo("approval-timeout");
        assertThat(approved.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(approved.stage("gate").output().path("by").asText()).isEqualTo("timeout");
    }

    @Test
    void aTimeoutEscalatesThenWaitsAgainAndAnApprovalAfterTheEscalationCounts() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("escalate", ApprovalStage.OnTimeout.ESCALATE, task("pager", "page-ops"),
                Duration.ofMillis(200)));
        String runId = loom.pipelines().start("escalate", null, null);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.workers.handled.contains("page-ops"));
        assertThat(loom.pipelines().status(runId).status()).isEqualTo(RunStatus.WAITING_APPROVAL);
        loom.pipelines().approve(runId, "gate", "manager", "after the page");
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(loom.pipelines().timeline(runId).events()).extracting(TimelineEvent::kind)
                .containsSubsequence(TimelineEvent.Kind.APPROVAL_WAITING, TimelineEvent.Kind.APPROVAL_ESCALATED,
                        TimelineEvent.Kind.APPROVAL_WAITING, TimelineEvent.Kind.APPROVED);
    }

    @Test
    void aSecondTimeoutAfterTheEscalationRejects() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("escalate-twice", ApprovalStage.OnTimeout.ESCALATE,
                task("pager", "page-twice"), Duration.ofMillis(100)));

        RunView run = awaitEnd(loom, loom.pipelines().start("escalate-twice", null, null));

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().type()).isEqualTo("approval-timeout");
        assertThat(run.error().message()).endsWith("after escalation");
        assertThat(runs.workers.handled).containsOnlyOnce("page-twice");
    }
}
