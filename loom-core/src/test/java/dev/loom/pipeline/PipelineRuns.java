package dev.loom.pipeline;

import static org.awaitility.Awaitility.await;

import dev.loom.breaker.BreakerSettings;
import dev.loom.breaker.Breakers;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomBuilder;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fast-ticking nodes with pipelines enabled over in-memory stores; as a JUnit extension
 * ({@code @RegisterExtension}) it stops them after each test.
 */
final class PipelineRuns implements AutoCloseable, AfterEachCallback {
    final Workers workers = new Workers();
    private final List<Loom> started = new ArrayList<>();

    LoomBuilder builder(InMemoryStore store) {
        return Loom.builder().store(store)
                .actor(workers.worker())
                .actor(workers.sleeper())
                .enablePipelines()
                .breakers(new Breakers(BreakerSettings.DEFAULT,
                        Map.of("downstream", new BreakerSettings(2, 1, Duration.ofMillis(300)))))
                .leaseTtl(Duration.ofMillis(600))
                .pollInterval(Duration.ofMillis(20))
                .timerInterval(Duration.ofMillis(10))
                .drainTimeout(Duration.ofSeconds(5));
    }

    Loom start(LoomBuilder builder) {
        Loom loom = builder.build().start();
        started.add(loom);
        return loom;
    }

    Loom start() {
        return start(builder(new InMemoryStore(8)));
    }

    /** Waits until the run's status satisfies {@code done}, and returns its view. */
    static RunView awaitStatus(Loom loom, String runId, RunStatus status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.pipelines().status(runId).status() == status);
        return loom.pipelines().status(runId);
    }

    /** Waits until the run has ended, and returns its view. */
    static RunView awaitEnd(Loom loom, String runId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.pipelines().status(runId).status().isTerminal());
        return loom.pipelines().status(runId);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        started.forEach(l -> l.shutdown(Duration.ofSeconds(5)));
    }
}
