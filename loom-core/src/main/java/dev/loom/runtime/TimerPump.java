package dev.loom.runtime;

import dev.loom.spi.Envelope;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.timer.TimerFiring;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Fires due timers of the partitions this node holds: each firing is a fenced write that deletes the timer
 * and enqueues its message (and a reminder's next timer) in one change, so a timer fires once. A round reports
 * whether it found due timers, so that the engine polls an idle store rarely; timers this node commits ask for a
 * round at their due time ({@code Engine.timerDueAt}).
 */
final class TimerPump implements BooleanSupplier {
    private static final int BATCH = 500;
    private final Partitions partitions;
    private final TimerStore timers;
    private final GroupCommitter committer;
    private final Tracing tracing;
    private final Clock clock;

    /** @param timers the timers through the store breaker */
    TimerPump(Partitions partitions, TimerStore timers, GroupCommitter committer, Tracing tracing, Clock clock) {
        this.partitions = partitions;
        this.timers = timers;
        this.committer = committer;
        this.tracing = tracing;
        this.clock = clock;
    }

    @Override
    public boolean getAsBoolean() {
        int fired;
        int total = 0;
        do {
            fired = fireDue();
            total += fired;
        } while (fired == BATCH);
        return total > 0;
    }

    private int fireDue() {
        Map<Integer, PartitionWorker> workers = partitions.workers();
        if (workers.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Timer> due = timers.due(workers.keySet(), now, BATCH);
        List<CompletableFuture<WriteResult>> results = new ArrayList<>(due.size());
        List<PartitionWorker> owners = new ArrayList<>(due.size());
        List<Span> spans = tracing.enabled() ? new ArrayList<>(due.size()) : List.of();
        for (Timer t : due) {
            PartitionWorker w = workers.get(t.envelope().partition());
            if (w == null) {
                continue;
            }
            TimerFiring f = TimerFiring.of(t, now);
            Envelope deliver = f.deliver();
            if (deliver != null && tracing.enabled()) {
                // The fired message continues under the timer span, so the turn that handles it is the fire's child.
                Span span = tracing.startTimer(t);
                spans.add(span);
                deliver = new Envelope(deliver.messageId(), deliver.target(), deliver.partition(), deliver.messageType(),
                        deliver.payload(), deliver.idempotencyKey(), deliver.sender(),
                        Tracing.format(span.getSpanContext()), deliver.enqueuedAt());
            }
            results.add(committer.submit(new Write.FireTimer(w.partition, w.epoch, t.timerId(), deliver, f.next())));
            owners.add(w);
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).join() instanceof WriteResult.Applied) {
                owners.get(i).signal();
            }
        }
        spans.forEach(Span::end);
        return due.size();
    }
}
