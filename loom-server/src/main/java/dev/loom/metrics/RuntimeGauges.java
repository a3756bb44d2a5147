package dev.loom.metrics;

import dev.loom.runtime.Loom;
import dev.loom.spi.DeadLetterQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Gauges of the node read from the runtime, each cached for the TTL: {@code loom.dead.letters} (DLQ size) and
 * {@code loom.partitions.total} (the runtime itself exports {@code loom.partitions.held} and {@code loom.actors.active}).
 */
public final class RuntimeGauges {
    private RuntimeGauges() {
    }

    public static void bind(MeterRegistry registry, Loom loom, Duration ttl) {
        CachedValue<Long> dlq = new CachedValue<>(() -> loom.deadLetters().count(DeadLetterQuery.all(1)), ttl);
        // Micrometer holds a gauge's object weakly; nothing else holds this cache, so the gauge must
        Gauge.builder("loom.dead.letters", dlq, c -> c.get().map(Long::doubleValue).orElse(Double.NaN))
                .strongReference(true).description("Messages in the dead-letter queue").register(registry);
        Gauge.builder("loom.partitions.total", loom, l -> l.store().partitions())
                .description("Partitions of the store").register(registry);
    }
}
