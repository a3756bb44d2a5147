package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.json.Json;
import dev.loom.pipeline.ApprovalStage;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.StageStatus;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;
import dev.loom.runtime.Loom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline runs over a real SQLite file: a saga, and a run that survives a node restart. */
class PipelineSqliteTest {
    record Ledger(List<String> entries) {
    }

    sealed interface LedgerMsg permits Apply, Revert {
    }

    /** Records {@code entry}; fails when {@code fail}. */
    record Apply(String entry, boolean fail) implements LedgerMsg {
    }

    record Revert(String entry) implements LedgerMsg {
    }

    @TempDir
    Path dir;

    private final List<String> reverted = new CopyOnWriteArrayList<>();

    private ActorType<Ledger, LedgerMsg> ledger() {
        return ActorType.builder("ledger", Ledger.class, LedgerMsg.class)
                .initialState(new Ledger(List.of()))
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Apply a -> {
                        if (a.fail()) {
                            throw new IllegalStateException("cannot apply " + a.entry());
                        }
                        ctx.reply(a.entry());
                        yield new Ledger(append(state.entries(), a.entry()));
                    }
                    case Revert r -> {
                        reverted.add(r.entry());
                        yield new Ledger(append(state.entries(), "-" + r.entry()));
                    }
                })
                .build();
    }

    private static List<String> append(List<String> list, String e) {
        List<String> out = new java.util.ArrayList<>(list);
        out.add(e);
        return out;
    }

    private static Task apply(String entry, boolean fail) {
        return Task.to("ledger", "main", "Apply").with("entry", Value.of(entry)).with("fail", Value.of(fail));
    }

    private static Task revert(String entry) {
        return Task.to("ledger", "main", "Revert").with("entry", Value.of(entry));
    }

    private Loom start(SqliteStore store) {
        return Loom.builder().store(store).actor(ledger()).enablePipelines()
                .pollInterval(Duration.ofMillis(20)).timerInterval(Duration.ofMillis(10))
                .build().start();
    }

    private static RunView awaitStatus(Loom loom, String runId, RunStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> loom.pipelines().status(runId).status() == status);
        return loom.pipelines().status(runId);
    }

    @Test
    void aFailedStageCompensatesTheCompletedOnesInReverseOrder() {
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(dir.resolve("saga.db")).withPartitions(8))) {
            Loom loom = start(store);
            try {
                loom.pipelines().register(PipelineDefinition.builder("order", 1)
                        .single("reserve", apply("reserve", false), s -> s.compensation(revert("reserve")))
                        .single("charge", apply("charge", false), s -> s.after("reserve")
                                .compensation(revert("charge")))
                        .single("ship", apply("ship", true), s -> s.after("charge").retry(2, Duration.ofMillis(10)))
                        .build());

                String runId = loom.pipelines().start("order", Json.parse("{\"order\": 1}"), "order-1");
                RunView run = awaitStatus(loom, runId, RunStatus.COMPENSATED);

                assertThat(run.error().stage()).isEqualTo("ship");
                assertThat(reverted).containsExactly("charge", "reserve");
                assertThat(loom.state(dev.loom.actor.ActorRef.of("ledger", "main")).as(Ledger.class).entries())
                        .containsExactly("reserve", "charge", "-charge", "-reserve");
            } finally {
                loom.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aRunWaitingForApprovalSurvivesARestartAndFinishesAfterIt() {
        Path file = dir.resolve("restart.db");
        PipelineDefinition def = PipelineDefinition.builder("approval", 1)
                .single("prepare", apply("prepare", false))
                .approval("gate", ApprovalStage.OnTimeout.REJECT, null, s -> s.after("prepare"))
                .single("finish", apply("finish", false), s -> s.after("gate"))
                .build();
        String runId;
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(8))) {
            Loom loom = start(store);
            try {
                loom.pipelines().register(def);
                runId = loom.pipelines().start("approval", null, "a-1");
                awaitStatus(loom, runId, RunStatus.WAITING_APPROVAL);
            } finally {
                loom.shutdown(Duration.ofSeconds(5));
            }
        }
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            Loom loom = start(store);
            try {
                assertThat(loom.pipelines().definition("approval", 1)).isEqualTo(def);
                assertThat(loom.pipelines().start("approval", null, "a-1")).isEqualTo(runId);
                loom.pipelines().approve(runId, "gate", "ops", "after restart");
                RunView run = awaitStatus(loom, runId, RunStatus.SUCCEEDED);

                assertThat(run.stages()).extracting(s -> s.status()).containsOnly(StageStatus.SUCCEEDED);
                assertThat(loom.state(dev.loom.actor.ActorRef.of("ledger", "main")).as(Ledger.class).entries())
                        .containsExactly("prepare", "finish");
            } finally {
                loom.shutdown(Duration.ofSeconds(5));
            }
        }
    }
}
