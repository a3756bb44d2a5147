package dev.loom.cli.bench;

import dev.loom.pipeline.PipelineRuntime;
import dev.loom.spi.ForwardingStore;
import dev.loom.spi.Store;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that passes everything to another and counts, when a commit returns, the turns of pipeline runs that
 * handled a task's outcome: each such turn completes a stage and starts the next (or ends the run), so it is one
 * stage transition, counted at the moment it became durable.
 */
final class StageTransitionClock extends ForwardingStore {
    /** The run actor's message type for a task's outcome. */
    static final String OUTCOME = "TaskOutcome";

    private final AtomicLong transitions = new AtomicLong();
    private volatile long lastNanos;

    StageTransitionClock(Store delegate) {
        super(delegate);
    }

    @Override
    public List<WriteResult> commit(List<Write> writes) {
        List<WriteResult> results = delegate().commit(writes);
        long now = System.nanoTime();
        long n = 0;
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i) instanceof Write.TurnCommit turn && results.get(i) instanceof WriteResult.Applied
                    && turn.entry().actor().type().equals(PipelineRuntime.RUN_TYPE)
                    && turn.entry().messageType().equals(OUTCOME)) {
                n++;
            }
        }
        if (n > 0) {
            transitions.addAndGet(n);
            lastNanos = now;
        }
        return results;
    }

    /** Stage transitions committed so far. */
    long transitions() {
        return transitions.get();
    }

    /** {@link System#nanoTime()} of the latest commit that held a stage transition. */
    long lastNanos() {
        return lastNanos;
    }
}
