package dev.loom.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The runtime's meters. Names (Prometheus form in brackets):
 * <ul>
 * <li>{@code loom.messages.accepted} [{@code loom_messages_accepted_total}] {actor_type}: sends accepted, including
 *     those answered as deduplicated</li>
 * <li>{@code loom.messages} [{@code loom_messages_total}] {actor_type, outcome}: outcome is
 *     {@code committed}, {@code retried}, {@code dead_lettered} or {@code deduplicated} (a send whose key was
 *     already known, or a queued message acknowledged because its key had committed), so every accepted send
 *     reaches exactly one of committed, deduplicated and dead_lettered</li>
 * <li>{@code loom.messages.postponed} [{@code loom_messages_postponed_total}] {actor_type, breaker}: turns that
 *     ended because the circuit breaker of a durable step was open; the message waits without using an attempt
 *     (not an outcome: the message later reaches one of the above)</li>
 * <li>{@code loom.turn.duration} [{@code loom_turn_duration_seconds}] {actor_type}: handler + commit time
 *     of committed turns (histogram)</li>
 * <li>{@code loom.store.commit.duration}, {@code loom.store.commit.batch}: group commits</li>
 * <li>{@code loom.actors.active}, {@code loom.partitions.held}, {@code loom.turns.inflight}: gauges</li>
 * <li>{@code loom.cache.requests} {result=hit|miss}, {@code loom.cache.evictions}: the active-actor pool</li>
 * <li>{@code loom.commits.fenced} [{@code loom_commits_fenced_total}]: writes the store refused because the
 *     partition's lease had been taken over (each drops the partition)</li>
 * <li>{@code loom.lease.margin.waits} [{@code loom_lease_margin_waits_total}]: turns or durable steps that waited
 *     because their partition's lease had less than the safety margin left</li>
 * </ul>
 *
 * <p>Internal: public because the runtime's package uses it; the meter names above are the contract, this class is
 * not API and may change in any release.
 */
public final class RuntimeMetrics {
    /** Outcomes of a delivered message. */
    public enum Outcome {
        COMMITTED("committed"), RETRIED("retried"), DEAD_LETTERED("dead_lettered"), DEDUPLICATED("deduplicated");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    /** Per actor type, the counters of each outcome by ordinal (made on first use), so a count makes no key. */
    private final Map<String, AtomicReferenceArray<Counter>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> postponements = new ConcurrentHashMap<>();
    private final Map<String, Timer> turns = new ConcurrentHashMap<>();
    private final Timer commitDuration;
    private final DistributionSummary commitBatch;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter evictions;
    private final Counter fenced;
    private final Counter leaseMarginWaits;

    public RuntimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commitDuration = Timer.builder("loom.store.commit.duration")
                .description("Time of one group commit to the store").publishPercentileHistogram().register(registry);
        this.commitBatch = DistributionSummary.builder("loom.store.commit.batch")
                .description("Writes per group commit").publishPercentileHistogram().register(registry);
        this.cacheHits = Counter.builder("loom.cache.requests").tag("result", "hit").register(registry);
        this.cacheMisses = Counter.builder("loom.cache.requests").tag("result", "miss").register(registry);
        this.evictions = Counter.builder("loom.cache.evictions")
                .description("Actors passivated").register(registry);
        this.fenced = Counter.builder("loom.commits.fenced")
                .description("Writes refused because the partition's lease was taken over").register(registry);
        this.leaseMarginWaits = Counter.builder("loom.lease.margin.waits")
                .description("Turns or steps that waited for a lease renewal (under the safety margin)").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void accepted(String actorType) {
        accepted.computeIfAbsent(actorType, t -> Counter.builder("loom.messages.accepted")
                .description("Messages durably accepted").tag("actor_type", t).register(registry)).increment();
    }

    public void outcome(String actorType, Outcome outcome) {
        AtomicReferenceArray<Counter> byOutcome = outcomes.computeIfAbsent(actorType,
                t -> new AtomicReferenceArray<>(Outcome.values().length));
        Counter c = byOutcome.get(outcome.ordinal());
        if (c == null) {
            // Two threads racing here both get the one meter: the registry answers the registered one.
            c = Counter.builder("loom.messages").description("Delivered messages by outcome")
                    .tag("actor_type", actorType).tag("outcome", outcome.tag).register(registry);
            byOutcome.set(outcome.ordinal(), c);
        }
        c.increment();
    }

    public void postponed(String actorType, String breaker) {
        postponements.computeIfAbsent(actorType + '\0' + breaker, k -> Counter.builder("loom.messages.postponed")
                .description("Messages put back without using an attempt because a step's circuit breaker was open")
                .tag("actor_type", actorType).tag("breaker", breaker).register(registry)).increment();
    }

    public void turn(String actorType, long nanos) {
        turns.computeIfAbsent(actorType, t -> Timer.builder("loom.turn.duration")
                .description("Handler and commit time of committed turns").tag("actor_type", t)
                .publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void commit(int batchSize, long nanos) {
        commitBatch.record(batchSize);
        commitDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void fenced() {
        fenced.increment();
    }

    public void leaseMarginWait() {
        leaseMarginWaits.increment();
    }

    public void cacheHit() {
        cacheHits.increment();
    }

    public void cacheMiss() {
        cacheMisses.increment();
    }

    public void evicted(int n) {
        evictions.increment(n);
    }

    public long hits() {
        return (long) cacheHits.count();
    }

    public long misses() {
        return (long) cacheMisses.count();
    }

    public long evictions() {
        return (long) evictions.count();
    }
}
