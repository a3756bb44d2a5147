package dev.loom.runtime;

import dev.loom.actor.ActorType;
import dev.loom.breaker.Breakers;
import dev.loom.spi.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@link LoomBuilder#build()} settled on, checked and complete (defaults filled in), fixed for the node's life:
 * the runtime's parts read this, never the builder, so a builder changed or reused later changes nothing.
 *
 * @param types             the actor types by name, pipeline types included, in registration order
 * @param leaseSafetyMargin the lease time a turn needs left before it starts (the builder's, or a third of the TTL)
 */
record LoomSettings(Store store, Map<String, ActorType<?, ?>> types, String nodeId, Clock clock, LongSupplier nanoTime,
                    MeterRegistry meters, Breakers breakers, OpenTelemetry openTelemetry, Duration leaseTtl,
                    Duration leaseSafetyMargin, int maxActiveActors, Duration passivateAfter, Duration idempotencyTtl,
                    int commitBatchSize, Duration commitLinger, Duration pollInterval, Duration idlePollInterval,
                    Duration timerInterval, int fetchBatch, int maxBufferedPerPartition, Duration drainTimeout) {
    LoomSettings {
        types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
    }
}
