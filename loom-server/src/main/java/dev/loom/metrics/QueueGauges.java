package dev.loom.metrics;

import dev.loom.spi.MessageStore;
import dev.loom.spi.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-queue gauges from {@link MessageStore#stats()}: {@code loom.queue.depth}, {@code loom.queue.oldest.age.seconds}
 * and {@code loom.queue.timers}, tagged by queue. The stats are read at most once per TTL; a queue
 * that empties reads 0. The queues of the registered actor types are exposed from the start (at 0), so that
 * alerts on them have a series to evaluate before the first backlog; other queues appear once seen.
 */
public final class QueueGauges {
    private final MeterRegistry registry;
    private final Clock clock;
    private final CachedValue<List<QueueStats>> stats;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param knownQueues queues to expose at once, before they have had messages: the registered actor types
     */
    public QueueGauges(MeterRegistry registry, MessageStore messages, Clock clock, Duration ttl,
                       Collection<String> knownQueues) {
        this.registry = registry;
        this.clock = clock;
        this.stats = new CachedValue<>(messages::stats, ttl);
        knownQueues.forEach(q -> {
            if (registered.add(q)) {
                register(q);
            }
        });
    }

    /** Reads the stats (if stale) and registers gauges for queues not seen before. Call before a scrape. */
    public void refresh() {
        stats.get().orElse(List.of()).forEach(q -> {
            if (registered.add(q.queue())) {
                register(q.queue());
            }
        });
    }

    /** The current stats, empty when the store did not answer. */
    public Optional<List<QueueStats>> current() {
        return stats.get();
    }

    private void register(String queue) {
        gauge("loom.queue.depth", "Messages waiting in the queue", queue, QueueStats::depth);
        gauge("loom.queue.oldest.age.seconds", "Age in seconds of the oldest waiting message", queue,
                q -> q.oldestEnqueued() == null ? 0
                        : Math.max(0, Duration.between(q.oldestEnqueued(), clock.instant()).toMillis() / 1000.0));
        gauge("loom.queue.timers", "Timers not yet due", queue, QueueStats::timers);
    }

    private void gauge(String name, String description, String queue, ToDoubleFunction<QueueStats> f) {
        Gauge.builder(name, this, self -> self.read(queue, f))
                .strongReference(true)
                .description(description)
                .tag("queue", queue)
                .register(registry);
    }

    private double read(String queue, ToDoubleFunction<QueueStats> f) {
        Optional<List<QueueStats>> all = stats.get();
        if (all.isEmpty()) {
            return Double.NaN;
        }
        Map<String, QueueStats> byQueue = new java.util.HashMap<>();
        all.get().forEach(q -> byQueue.put(q.queue(), q));
        QueueStats q = byQueue.get(queue);
        return q == null ? 0 : f.applyAsDouble(q);
    }
}
