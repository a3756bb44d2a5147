package dev.loom.examples;

import static org.awaitility.Awaitility.await;

import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.email.EmailTransport;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomBuilder;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;

/**
 * A fast-ticking node over an in-memory store with every example actor and the given pipelines; {@link #close()}
 * stops it.
 */
public final class ExampleNode implements AutoCloseable {
    public final PaymentGateway gateway = PaymentGateway.inMemory();
    public final Loom loom;

    public ExampleNode(List<PipelineDefinition> pipelines) {
        LoomBuilder b = Loom.builder().store(new InMemoryStore(8))
                .pollInterval(Duration.ofMillis(20)).timerInterval(Duration.ofMillis(10))
                .drainTimeout(Duration.ofSeconds(5));
        ExampleActors.types(gateway, new EmailTransport(0.0)).forEach(b::actor);
        pipelines.forEach(b::pipeline);
        loom = b.build().start();
    }

    /** Waits until the run has ended, and returns its view. */
    public RunView awaitEnd(String runId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.pipelines().status(runId).status().isTerminal());
        return loom.pipelines().status(runId);
    }

    /** Waits until the run is {@code status}, and returns its view. */
    public RunView awaitStatus(String runId, RunStatus status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.pipelines().status(runId).status() == status);
        return loom.pipelines().status(runId);
    }

    @Override
    public void close() {
        loom.shutdown(Duration.ofSeconds(5));
    }
}
