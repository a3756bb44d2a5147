package dev.loom.pipeline;

import static dev.loom.pipeline.PipelineRuns.awaitEnd;
import static dev.loom.pipeline.Workers.failing;
import static dev.loom.pipeline.Workers.task;
import static dev.loom.pipeline.Workers.undo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.runtime.Loom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries, timeouts, failures and the saga's compensations. */
class SagaTest {
    @RegisterExtension
    final PipelineRuns runs = new PipelineRuns();

    @Test
    void aFailedTaskIsResentWithANewTaskIdUntilItSucceeds() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("retrying", 1)
                .single("flaky", failing("w1", "flaky", 2), s -> s.retry(3, Duration.ofMillis(20)))
                .build());

        String runId = loom.pipelines().start("retrying", null, null);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stage("flaky").attempts()).isEqualTo(3);
        assertThat(run.stage("flaky").output().path("call").asInt()).isEqualTo(3);
        assertThat(loom.pipelines().timeline(runId).events())
                .filteredOn(e -> e.kind() == TimelineEvent.Kind.TASK_SENT).extracting(TimelineEvent::taskId)
                .containsExactly(runId + "/flaky/1/0", runId + "/flaky/2/0", runId + "/flaky/3/0");
        assertThat(Workers.committedTaskIds(loom, List.of("w1"))).containsExactly(runId + "/flaky/3/0");
        assertThat(loom.deadLetters().count(dev.loom.spi.DeadLetterQuery.all(10))).isEqualTo(2);
    }

    @Test
    void aStageThatFailsAfterItsRetriesCompensatesTheCompletedStagesInReverseOrder() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("order", 1)
                .single("reserve", task("w1", "reserve"), s -> s.compensation(undo("w1", "release")))
                .single("charge", task("w1", "charge"), s -> s.after("reserve").compensation(undo("w1", "refund")))
                .single("note", task("w1", "note"), s -> s.after("charge"))
                .single("ship", failing("w1", "ship", 5), s -> s.after("note").retry(2, Duration.ofMillis(10))
                        .compensation(undo("w1", "unship")))
                .build());

        RunView run = awaitEnd(loom, loom.pipelines().start("order", null, null));

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo("ship");
        assertThat(runs.workers.compensations).containsExactly("refund", "release");
        assertThat(run.stage("reserve").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(run.stage("charge").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(run.stage("note").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(run.stage("ship").status()).isEqualTo(StageStatus.FAILED);
        assertThat(run.stage("ship").attempts()).isEqualTo(2);
    }

    @Test
    void aFailingCompensationStopsTheSagaAndTheRunFails() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("bad-undo", 1)
                .single("a", task("w1", "a"), s -> s.compensation(undo("w1", "undo-a")))
                .single("b", task("w1", "b"), s -> s.after("a")
                        .compensation(undo("w1", "undo-b").with("fail", Value.of(true))))
                .single("c", failing("w1", "c", 1), s -> s.after("b"))
                .build());

        RunView run = awaitEnd(loom, loom.pipelines().start("bad-undo", null, null));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error().stage()).isEqualTo("c");
        assertThat(run.stage("b").status()).isEqualTo(StageStatus.COMPENSATION_FAILED);
        assertThat(run.stage("a").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(runs.workers.compensations).isEmpty();
    }

    @Test
    void aPipelineWithoutCompensationsFails() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("plain", 1)
                .single("a", task("w1", "a"))
                .single("b", failing("w1", "b", 1), s -> s.after("a"))
                .build());

        RunView run = awaitEnd(loom, loom.pipelines().start("plain", null, null));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(run.error().message()).contains("call 1 of b fails").contains("dead letter dl-");
    }

    @Test
    void anAttemptWithoutAnOutcomeWithinTheTimeoutFailsAndIsRetried() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("slow", 1)
                .single("wait", Task.to("sleeper", "s1", "Hang").with("key", Value.of("nap")),
                        s -> s.timeout(Duration.ofMillis(150)).retry(2, Duration.ofMillis(10)))
                .build());

        String runId = loom.pipelines().start("slow", null, null);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error().type()).isEqualTo("timeout");
        assertThat(run.stage("wait").attempts()).isEqualTo(2);
        assertThat(loom.pipelines().timeline(runId).events())
                .filteredOn(e -> e.kind() == TimelineEvent.Kind.TASK_TIMED_OUT).hasSize(2);
    }

    @Test
    void whileTheBreakerIsOpenNoTaskIsSentAndNoAttemptIsUsed() {
        Loom loom = runs.start();
        loom.breakers().breaker("downstream").transitionToOpenState();
        loom.pipelines().register(PipelineDefinition.builder("guarded", 1)
                .single("call", task("w1", "guarded"), s -> s.breaker("downstream"))
                .build());

        String runId = loom.pipelines().start("guarded", null, null);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stage("call").attempts()).isEqualTo(1);
        List<TimelineEvent.Kind> kinds = loom.pipelines().timeline(runId).events().stream()
                .map(TimelineEvent::kind).toList();
        assertThat(kinds).containsSubsequence(TimelineEvent.Kind.BREAKER_OPEN, TimelineEvent.Kind.TASK_SENT,
                TimelineEvent.Kind.TASK_SUCCEEDED);
        assertThat(loom.breakers().breaker("downstream").getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void taskFailuresAreRecordedOnTheStagesBreaker() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("tripping", 1)
                .single("call", failing("w1", "tripping", 10), s -> s.breaker("downstream")
                        .retry(2, Duration.ofMillis(10)))
                .build());

        RunView run = awaitEnd(loom, loom.pipelines().start("tripping", null, null));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(loom.breakers().breaker("downstream").getState().name()).isEqualTo("OPEN");
    }
}
