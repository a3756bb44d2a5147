package dev.loom.pipeline;

import static dev.loom.pipeline.PipelineRuns.awaitEnd;
import static dev.loom.pipeline.PipelineRuns.awaitStatus;
import static dev.loom.pipeline.Workers.failing;
import static dev.loom.pipeline.Workers.task;
import static dev.loom.pipeline.Workers.undo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start, list, pause and resume, cancel, redrive, registration and version pinning. */
class OperationsTest {
    @RegisterExtension
    final PipelineRuns runs = new PipelineRuns();

    /** prepare (compensated by undo) → gate (approval) → finish. */
    private static PipelineDefinition gated(String name, int version) {
        return PipelineDefinition.builder(name, version)
                .single("prepare", task("w1", name + "-prepare"), s -> s.compensation(undo("w1", name + "-undo")))
                .approval("gate", ApprovalStage.OnTimeout.REJECT, null, s -> s.after("prepare"))
                .single("finish", task("w1", name + "-finish"), s -> s.after("gate"))
                .build();
    }

    @Test
    void startingAgainWithTheSameKeyReturnsTheSameRun() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("idem", 1));

        String first = loom.pipelines().start("idem", Json.parse("{\"n\": 1}"), "order-7");
        String again = loom.pipelines().start("idem", Json.parse("{\"n\": 1}"), "order-7");
        String other = loom.pipelines().start("idem", null, "order-8");

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        awaitStatus(loom, first, RunStatus.WAITING_APPROVAL);
        awaitStatus(loom, other, RunStatus.WAITING_APPROVAL);
        assertThat(runs.workers.handled).as("one prepare per run").containsExactly("idem-prepare", "idem-prepare");
        assertThat(loom.pipelines().list(RunFilter.all().withPipeline("idem")).runs()).hasSize(2);
    }

    @Test
    void runsStartedWithoutAKeyGetFreshIdsThatSortInStartOrder() throws InterruptedException {
        Loom loom = runs.start();
        loom.pipelines().register(gated("ordered", 1));

        String first = loom.pipelines().start("ordered", null, null);
        Thread.sleep(2);
        String second = loom.pipelines().start("ordered", null, null);
        String third = loom.pipelines().start("ordered", null, null);

        assertThat(List.of(first, second, third)).allMatch(id -> id.matches("ordered~[0-9a-f]{24}")).doesNotHaveDuplicates();
        assertThat(second).as("a run started a millisecond later sorts after").isGreaterThan(first);
        assertThat(third.substring(0, 20)).as("the same or a later millisecond").isGreaterThanOrEqualTo(second.substring(0, 20));
    }

    @Test
    void aPausedRunDispatchesNothingNewButRecordsDecisionsAndResumes() throws InterruptedException {
        Loom loom = runs.start();
        loom.pipelines().register(gated("pausing", 1));
        String runId = loom.pipelines().start("pausing", null, null);
        awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);

        assertThat(loom.pipelines().pause(runId).status()).isEqualTo(RunStatus.PAUSED);
        RunView approved = loom.pipelines().approve(runId, "gate", "ann", null);
        Thread.sleep(300);

        assertThat(approved.status()).isEqualTo(RunStatus.PAUSED);
        assertThat(loom.pipelines().status(runId).stage("gate").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(loom.pipelines().status(runId).stage("finish").status()).isEqualTo(StageStatus.PENDING);
        assertThat(runs.workers.handled).doesNotContain("pausing-finish");
        assertThatThrownBy(() -> loom.pipelines().pause(runId)).isInstanceOf(IllegalRunTransitionException.class);

        loom.pipelines().resume(runId);
        assertThat(awaitEnd(loom, runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(() -> loom.pipelines().resume(runId)).isInstanceOf(IllegalRunTransitionException.class)
                .hasMessageContaining("not paused");
    }

    @Test
    void aStageThatFailsWhilePausedCompensatesOnlyAfterTheResume() throws InterruptedException {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("paused-failure", 1)
                .single("a", task("w1", "pf-a"), s -> s.compensation(undo("w1", "pf-undo")))
                .single("b", Task.to("sleeper", "s1", "Hang").with("key", Value.of("pf-b")),
                        s -> s.after("a").timeout(java.time.Duration.ofMillis(300)))
                .build());
        String runId = loom.pipelines().start("paused-failure", null, null);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> loom.pipelines().status(runId).stage("b").status() == StageStatus.RUNNING);

        loom.pipelines().pause(runId);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> loom.pipelines().status(runId).stage("b").status() == StageStatus.FAILED);
        Thread.sleep(200);

        assertThat(loom.pipelines().status(runId).status()).isEqualTo(RunStatus.PAUSED);
        assertThat(runs.workers.compensations).isEmpty();
        loom.pipelines().resume(runId);
        assertThat(awaitEnd(loom, runId).status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(runs.workers.compensations).containsExactly("pf-undo");
    }

    @Test
    void everyRunOfADefinitionCanBePausedAndResumed() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("fleet", 1));
        loom.pipelines().register(gated("other", 1));
        String a = loom.pipelines().start("fleet", null, "a");
        String b = loom.pipelines().start("fleet", null, "b");
        String c = loom.pipelines().start("other", null, "c");
        awaitStatus(loom, a, RunStatus.WAITING_APPROVAL);
        awaitStatus(loom, b, RunStatus.WAITING_APPROVAL);
        awaitStatus(loom, c, RunStatus.WAITING_APPROVAL);

        assertThat(loom.pipelines().pauseAll("fleet")).containsExactlyInAnyOrder(a, b);
        assertThat(loom.pipelines().status(c).status()).isEqualTo(RunStatus.WAITING_APPROVAL);
        assertThat(loom.pipelines().list(RunFilter.all().withStatus(RunStatus.PAUSED)).runs())
                .extracting(RunView::runId).containsExactlyInAnyOrder(a, b);
        assertThat(loom.pipelines().resumeAll("fleet")).containsExactlyInAnyOrder(a, b);
        assertThat(loom.pipelines().status(a).status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    }

    @Test
    void cancellingWithoutCompensationEndsAtOnce() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("cancel-plain", 1));
        String runId = loom.pipelines().start("cancel-plain", null, null);
        awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);

        RunView run = loom.pipelines().cancel(runId, false);

        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.stage("gate").status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(runs.workers.compensations).isEmpty();
        assertThatThrownBy(() -> loom.pipelines().cancel(runId, false))
                .isInstanceOf(IllegalRunTransitionException.class).hasMessageContaining("ended");
    }

    @Test
    void cancellingWithCompensationUndoesTheCompletedStagesFirst() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("cancel-undo", 1));
        String runId = loom.pipelines().start("cancel-undo", null, null);
        awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);

        loom.pipelines().cancel(runId, true);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.stage("prepare").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(runs.workers.compensations).containsExactly("cancel-undo-undo");
    }

    @Test
    void aFailedRunIsRedrivenFromItsFailedStageWithNewTaskIds() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("redrive", 1)
                .single("a", task("w1", "redrive-a"))
                .single("b", failing("w1", "redrive-b", 1), s -> s.after("a"))
                .single("c", task("w1", "redrive-c"), s -> s.after("b"))
                .build());
        String runId = loom.pipelines().start("redrive", null, null);
        assertThat(awaitEnd(loom, runId).status()).isEqualTo(RunStatus.FAILED);

        loom.pipelines().redrive(runId);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.error()).isNull();
        assertThat(runs.workers.handled).containsExactly("redrive-a", "redrive-b", "redrive-c");
        assertThat(run.stage("b").tasks().getFirst().taskId()).isEqualTo(runId + "/b/2/0");
        assertThat(Workers.committedTaskIds(loom, List.of("w1")))
                .containsExactly(runId + "/a/1/0", runId + "/b/2/0", runId + "/c/1/0");
        assertThatThrownBy(() -> loom.pipelines().redrive(runId)).isInstanceOf(IllegalRunTransitionException.class);
    }

    @Test
    void aRedriveResendsOnlyTheTasksOfTheFailedStageThatDidNotSucceed() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("redrive-scatter", 1)
                .scatter("pages", Value.at("/input/pages"), Task.to("worker", "w1", "Do").with("key", "/item/key")
                        .with("failFirst", "/item/failFirst"), 1, s -> { })
                .build());
        String runId = loom.pipelines().start("redrive-scatter", Json.parse("{\"pages\": [{\"key\": \"p0\","
                + " \"failFirst\": 0}, {\"key\": \"p1\", \"failFirst\": 1}, {\"key\": \"p2\", \"failFirst\": 0}]}"),
                null);
        RunView failed = awaitEnd(loom, runId);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

        loom.pipelines().redrive(runId);
        RunView run = awaitEnd(loom, runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stage("pages").tasks()).extracting(TaskView::taskId)
                .containsExactly(runId + "/pages/1/0", runId + "/pages/2/1", runId + "/pages/1/2");
        assertThat(run.stage("pages").output()).extracting(n -> n.path("key").asText())
                .containsExactly("p0", "p1", "p2");
        assertThat(runs.workers.handled).containsExactlyInAnyOrder("p0", "p1", "p2");
    }

    @Test
    void aCompensatedRunIsRedrivenWithItsCompensatedStagesRunAgain() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("redrive-saga", 1)
                .single("a", task("w1", "saga-a"), s -> s.compensation(undo("w1", "saga-undo-a")))
                .single("b", failing("w1", "saga-b", 1), s -> s.after("a"))
                .build());
        String runId = loom.pipelines().start("redrive-saga", null, null);
        assertThat(awaitEnd(loom, runId).status()).isEqualTo(RunStatus.COMPENSATED);

        loom.pipelines().redrive(runId);

        assertThat(awaitEnd(loom, runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.workers.handled).containsExactly("saga-a", "saga-a", "saga-b");
        assertThat(runs.workers.compensations).containsExactly("saga-undo-a");
    }

    @Test
    void aRunKeepsTheVersionItStartedWith() {
        Loom loom = runs.start();
        loom.pipelines().register(gated("versioned", 1));
        String old = loom.pipelines().start("versioned", null, null);
        awaitStatus(loom, old, RunStatus.WAITING_APPROVAL);

        loom.pipelines().register(PipelineDefinition.builder("versioned", 2)
                .single("only", task("w1", "versioned-v2")).build());
        String fresh = loom.pipelines().start("versioned", null, null);
        loom.pipelines().approve(old, "gate", "ann", null);

        RunView oldRun = awaitEnd(loom, old);
        RunView newRun = awaitEnd(loom, fresh);
        assertThat(oldRun.version()).isEqualTo(1);
        assertThat(oldRun.stages()).extracting(StageView::name).containsExactly("prepare", "gate", "finish");
        assertThat(newRun.version()).isEqualTo(2);
        assertThat(newRun.stages()).extracting(StageView::name).containsExactly("only");
        assertThat(loom.pipelines().definitions()).extracting(PipelineDefinition::version).containsExactly(2);
        assertThat(loom.pipelines().versions("versioned")).extracting(PipelineDefinition::version)
                .containsExactly(1, 2);
    }

    @Test
    void aRunKeepsItsVersionOnANodeThatNeverSawItStart() {
        InMemoryStore store = new InMemoryStore(8);
        Loom first = runs.start(runs.builder(store));
        first.pipelines().register(gated("moved", 1));
        String runId = first.pipelines().start("moved", null, null);
        awaitStatus(first, runId, RunStatus.WAITING_APPROVAL);
        first.pipelines().register(PipelineDefinition.builder("moved", 2).single("only", task("w1", "moved-v2")).build());
        first.shutdown(Duration.ofSeconds(5));

        Loom second = runs.start(runs.builder(store));
        second.pipelines().approve(runId, "gate", "ann", null);

        RunView run = awaitEnd(second, runId);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.version()).isEqualTo(1);
        assertThat(run.stages()).extracting(StageView::name).containsExactly("prepare", "gate", "finish");
        assertThat(runs.workers.handled).containsExactly("moved-prepare", "moved-finish");
    }

    @Test
    void registeringIsIdempotentButAVersionCannotChange() {
        Loom loom = runs.start();
        PipelineDefinition withLong = PipelineDefinition.builder("fixed", 1)
                .single("a", task("w1", "fixed").with("value", Value.of(5_000_000_000L)))
                .single("b", task("w1", "fixed-b").with("value", Value.of(7L)), s -> s.after("a")).build();
        loom.pipelines().register(withLong);
        loom.pipelines().register(withLong);

        assertThatThrownBy(() -> loom.pipelines().register(PipelineDefinition.builder("fixed", 1)
                .single("x", task("w1", "x")).build()))
                .isInstanceOf(DefinitionConflictException.class).hasMessageContaining("version 1");
        assertThat(loom.pipelines().versions("fixed")).hasSize(1);
        assertThatThrownBy(() -> loom.pipelines().start("missing", null, null))
                .isInstanceOf(UnknownPipelineException.class);
        assertThatThrownBy(() -> loom.pipelines().definition("fixed", 9))
                .isInstanceOf(UnknownPipelineException.class).hasMessageContaining("has no version 9");
        assertThatThrownBy(() -> loom.pipelines().status("fixed~nothing")).isInstanceOf(UnknownRunException.class);
    }

    @Test
    void listFiltersByPipelineStatusAndStartTimeAndPagesWithACursor() {
        Loom loom = runs.start();
        loom.pipelines().register(PipelineDefinition.builder("quick", 1).single("a", task("w1", "quick")).build());
        loom.pipelines().register(gated("held", 1));
        Instant before = Instant.now();
        List<String> quick = List.of(loom.pipelines().start("quick", null, "q1"),
                loom.pipelines().start("quick", null, "q2"), loom.pipelines().start("quick", null, "q3"));
        String held = loom.pipelines().start("held", null, "h1");
        quick.forEach(id -> awaitEnd(loom, id));
        awaitStatus(loom, held, RunStatus.WAITING_APPROVAL);

        RunPage first = loom.pipelines().list(RunFilter.all().withPipeline("quick").withLimit(2));
        RunPage second = loom.pipelines().list(RunFilter.all().withPipeline("quick").withLimit(2)
                .withCursor(first.nextCursor()));

        assertThat(first.runs()).hasSize(2);
        assertThat(second.runs()).hasSize(1);
        assertThat(second.nextCursor()).isNull();
        assertThat(java.util.stream.Stream.concat(first.runs().stream(), second.runs().stream())
                .map(RunView::runId)).containsExactlyInAnyOrderElementsOf(quick);
        assertThat(loom.pipelines().list(RunFilter.all().withStatus(RunStatus.SUCCEEDED)).runs()).hasSize(3);
        assertThat(loom.pipelines().list(RunFilter.all().withStartedBetween(before, Instant.now())).runs())
                .hasSize(4);
        assertThat(loom.pipelines().list(RunFilter.all().withStartedBetween(null, before)).runs()).isEmpty();
    }

    @Test
    void definitionsGivenToTheBuilderAreRegisteredAtStart() {
        PipelineRuns own = new PipelineRuns();
        try {
            Loom loom = own.start(own.builder(new dev.loom.store.memory.InMemoryStore(4))
                    .pipeline(PipelineDefinition.builder("built-in", 1).single("a", task("w1", "b")).build()));
            assertThat(loom.pipelines().definition("built-in", 0).version()).isEqualTo(1);
        } finally {
            own.close();
        }
    }
}
