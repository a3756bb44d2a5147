package dev.loom.timer;

import dev.loom.spi.Envelope;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerStore;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Fires due timers of the partitions this node holds: each firing is a fenced write that deletes the timer
 * and enqueues its message (and a reminder's next timer) in one change, so a timer fires once. A round reports
 * whether it found due timers, so that the runtime polls an idle store rarely; timers the node commits ask for a
 * round at their due time.
 *
 * <p>Internal: public because the runtime's package runs it; not API.
 */
public final class TimerPump implements BooleanSupplier {
    private static final int BATCH = 500;

    /** How fires are traced: a span per fired message, whose trace context the delivered message carries. */
    public interface FireTracing {
        /** Starts the span of {@code timer}'s fire; empty when tracing is off. */
        Optional<Span> start(Timer timer);

        /** The W3C traceparent naming {@code span}. */
        String traceparent(Span span);
    }

    private final TimerStore timers;
    private final Supplier<Map<Integer, Long>> held;
    private final IntConsumer wake;
    private final Function<Write, CompletableFuture<WriteResult>> commits;
    private final FireTracing tracing;
    private final Clock clock;

    /**
     * @param timers  the timer store (through the store breaker)
     * @param held    the partitions this node holds now, with their lease epochs
     * @param wake    wakes the local worker of a partition a fired message went to
     * @param commits queues a write with the group committer
     */
    public TimerPump(TimerStore timers, Supplier<Map<Integer, Long>> held, IntConsumer wake,
                     Function<Write, CompletableFuture<WriteResult>> commits, FireTracing tracing, Clock clock) {
        this.timers = timers;
        this.held = held;
        this.wake = wake;
        this.commits = commits;
        this.tracing = tracing;
        this.clock = clock;
    }

    /** Fires what is due, in batches until a batch is not full; true if anything was due. */
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
        Map<Integer, Long> epochs = held.get();
        if (epochs.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Timer> due = timers.due(epochs.keySet(), now, BATCH);
        List<CompletableFuture<WriteResult>> results = new ArrayList<>(due.size());
        List<Integer> partitions = new ArrayList<>(due.size());
        List<Span> spans = new ArrayList<>();
        for (Timer t : due) {
            int partition = t.envelope().partition();
            Long epoch = epochs.get(partition);
            if (epoch == null) {
                continue;
            }
            TimerFiring f = TimerFiring.of(t, now);
            Envelope deliver = f.deliver();
            Optional<Span> span = deliver == null ? Optional.empty() : tracing.start(t);
            if (span.isPresent()) {
                // The fired message continues under the timer span, so the turn that handles it is the fire's child.
                spans.add(span.get());
                deliver = new Envelope(deliver.messageId(), deliver.target(), deliver.partition(), deliver.messageType(),
                        deliver.payload(), deliver.idempotencyKey(), deliver.sender(),
                        tracing.traceparent(span.get()), deliver.enqueuedAt());
            }
            results.add(commits.apply(new Write.FireTimer(partition, epoch, t.timerId(), deliver, f.next())));
            partitions.add(partition);
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).join() instanceof WriteResult.Applied) {
                wake.accept(partitions.get(i));
            }
        }
        spans.forEach(Span::end);
        return due.size();
    }
}
