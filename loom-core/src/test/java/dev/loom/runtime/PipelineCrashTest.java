package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.json.Json;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.TimelineEvent;
import dev.loom.pipeline.Value;
import dev.loom.spi.JournalEntry;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node running pipelines crashes ({@code halt}: nothing more commits, leases expire) and another node takes over
 * the store: every run still ends, every task's effect is committed once, and compensations run once each.
 */
class PipelineCrashTest {
    private static final List<String> TALLIES = List.of("t0", "t1", "t2", "t3");

    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private Loom node(String id) {
        return nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId(id).enablePipelines());
    }

    /** Halts {@code a}, starts node b on the same store and waits until the run has ended there. */
    private Loom crashAndTakeOver(Loom a, String runId) {
        a.halt();
        Loom b = node("b");
        await().atMost(Duration.ofSeconds(30)).until(() -> b.pipelines().status(runId).status().isTerminal());
        return b;
    }

    private static long eventCount(Loom loom, String runId, TimelineEvent.Kind kind) {
        return loom.pipelines().timeline(runId).events().stream().filter(e -> e.kind() == kind).count();
    }

    /** Task ids committed by the tallies; none may appear twice. */
    private static List<String> committedTaskIds(Loom loom) {
        List<String> keys = new ArrayList<>();
        for (String id : TALLIES) {
            for (JournalEntry e : loom.journal(ActorRef.of("tally", id), 1, 10_000)) {
                keys.add(e.idempotencyKey());
            }
        }
        return keys;
    }

    private static long total(Loom loom) {
        return TALLIES.stream().mapToLong(id -> loom.state(ActorRef.of("tally", id)).as(TestActors.Tally.class).sum())
                .sum();
    }

    @Test
    void aScatterInterruptedByACrashFinishesOnTheNextNodeWithEachTaskOnce() {
        Loom a = node("a");
        a.pipelines().register(PipelineDefinition.builder("crash-scatter", 1)
                .scatter("add", Value.at("/input/items"), Task.to("tally", Value.at("/item"), "Add")
                        .with("n", Value.of(1)), 4, s -> { })
                .build());
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            items.append(i == 0 ? "" : ",").append('"').append(TALLIES.get(i % 4)).append('"');
        }
        String runId = a.pipelines().start("crash-scatter", Json.parse("{\"items\": " + items + "]}"), "crash-1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventCount(a, runId, TimelineEvent.Kind.TASK_SUCCEEDED) >= 8);

        Loom b = crashAndTakeOver(a, runId);

        RunView run = b.pipelines().status(runId);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stage("add").output()).hasSize(40);
        List<String> keys = committedTaskIds(b);
        assertThat(keys).hasSize(40).doesNotHaveDuplicates().allMatch(k -> k.startsWith(runId + "/add/1/"));
        assertThat(total(b)).isEqualTo(40);
    }

    @Test
    void aSagaInterruptedByACrashCompensatesEachStageOnceOnTheNextNode() {
        Loom a = node("a");
        PipelineDefinition.Builder saga = PipelineDefinition.builder("crash-saga", 1);
        for (int i = 0; i < 8; i++) {
            String tally = TALLIES.get(i % 4);
            int stage = i;
            saga.single("s" + i, Task.to("tally", tally, "Add").with("n", Value.of(1)), s -> {
                if (stage > 0) {
                    s.after("s" + (stage - 1));
                }
                s.compensation(Task.to("tally", tally, "Add").with("n", Value.of(-1)));
            });
        }
        saga.single("fail", Task.to("tally", "t0", "AlwaysFail").with("why", Value.of("no stock")),
                s -> s.after("s7"));
        a.pipelines().register(saga.build());
        String runId = a.pipelines().start("crash-saga", null, "crash-2");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventCount(a, runId, TimelineEvent.Kind.COMPENSATION_SUCCEEDED) >= 2);

        Loom b = crashAndTakeOver(a, runId);

        RunView run = b.pipelines().status(runId);
        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo("fail");
        List<String> keys = committedTaskIds(b);
        assertThat(keys).hasSize(16).doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys.stream().filter(k -> k.contains("/compensation/")).toList())).hasSize(8);
        assertThat(total(b)).isZero();
    }
}
