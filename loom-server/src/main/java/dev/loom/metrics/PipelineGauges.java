package dev.loom.metrics;

import dev.loom.pipeline.Pipelines;
import dev.loom.pipeline.RunFilter;
import dev.loom.pipeline.RunPage;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.StageView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pipeline metrics, from a scan of every run's state at most once per TTL:
 * <ul>
 *   <li>{@code loom.pipeline.runs} (tags {@code pipeline}, {@code status}): runs by definition and status; a
 *       combination seen once stays exposed (at 0 when no run has it any more);</li>
 *   <li>{@code loom.pipeline.runs.running}: runs in status {@code RUNNING} or {@code WAITING_APPROVAL} (not paused,
 *       compensating or ended);</li>
 *   <li>{@code loom.pipeline.approvals.waiting}: human-approval stages waiting for a decision, over all runs;</li>
 *   <li>{@code loom.pipeline.stage.duration} (tags {@code pipeline}, {@code stage}, {@code status}): a histogram of
 *       how long stages took from ready to succeeded, failed or skipped. A scan records the stages that ended in a
 *       window closing {@link #SETTLE} before it started and opening where the previous window closed, so a stage
 *       is recorded once, by the first scan after its end was committed (a commit later than {@link #SETTLE} after
 *       the end is missed). Stages that ended before this node started are not recorded.</li>
 * </ul>
 * The scan reads every run's state, so its cost grows with the number of runs kept; the TTL bounds how often it
 * runs, whatever the scrape interval.
 */
public final class PipelineGauges {
    /** How long after a stage's end its commit is expected to be readable. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Pipelines pipelines;
    private final Clock clock;
    private final CachedValue<Scan> scan;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private Instant recordedUpTo;

    /** What one scan found. */
    private record Scan(Map<String, Long> byPipelineAndStatus, long running, long waitingApprovals) {
    }

    public PipelineGauges(MeterRegistry registry, Pipelines pipelines, Clock clock, Duration ttl) {
        this.registry = registry;
        this.pipelines = pipelines;
        this.clock = clock;
        this.recordedUpTo = clock.instant();
        this.scan = new CachedValue<>(this::scan, ttl);
        Gauge.builder("loom.pipeline.runs.running", this, g -> g.read(s -> (double) s.running()))
                .strongReference(true).description("Pipeline runs running or waiting for an approval")
                .register(registry);
        Gauge.builder("loom.pipeline.approvals.waiting", this, g -> g.read(s -> (double) s.waitingApprovals()))
                .strongReference(true).description("Human-approval stages waiting for a decision")
                .register(registry);
    }

    /** Scans (if stale) and registers the gauges of (pipeline, status) pairs not seen before. Call before a scrape. */
    public void refresh() {
        scan.get().ifPresent(s -> s.byPipelineAndStatus().keySet().forEach(key -> {
            if (registered.add(key)) {
                String[] parts = key.split("\n", 2);
                Gauge.builder("loom.pipeline.runs", this,
                                g -> g.read(sc -> (double) sc.byPipelineAndStatus().getOrDefault(key, 0L)))
                        .strongReference(true).description("Pipeline runs by definition and status")
                        .tag("pipeline", parts[0]).tag("status", parts[1]).register(registry);
            }
        }));
    }

    private double read(java.util.function.ToDoubleFunction<Scan> f) {
        Optional<Scan> s = scan.get();
        return s.isEmpty() ? Double.NaN : f.applyAsDouble(s.get());
    }

    private synchronized Scan scan() {
        Instant cut = clock.instant().minus(SETTLE);
        Map<String, Long> counts = new HashMap<>();
        long running = 0;
        long waiting = 0;
        RunFilter filter = RunFilter.all().withLimit(RunFilter.MAX_LIMIT);
        while (true) {
            RunPage page = pipelines.list(filter);
            for (RunView run : page.runs()) {
                counts.merge(run.pipeline() + "\n" + run.status().name(), 1L, Long::sum);
                if (run.status() == RunStatus.RUNNING || run.status() == RunStatus.WAITING_APPROVAL) {
                    running++;
                }
                waiting += run.waitingApprovals().size();
                recordStages(run, recordedUpTo, cut);
            }
            if (page.nextCursor() == null) {
                break;
            }
            filter = filter.withCursor(page.nextCursor());
        }
        if (cut.isAfter(recordedUpTo)) {
            recordedUpTo = cut;
        }
        return new Scan(Map.copyOf(counts), running, waiting);
    }

    private void recordStages(RunView run, Instant after, Instant upTo) {
        List<StageView> stages = run.stages();
        for (StageView s : stages) {
            if (s.startedAt() == null || s.endedAt() == null || !s.endedAt().isAfter(after) || s.endedAt().isAfter(upTo)) {
                continue;
            }
            Timer.builder("loom.pipeline.stage.duration")
                    .description("Time from a pipeline stage becoming ready to its end")
                    .tag("pipeline", run.pipeline()).tag("stage", s.name()).tag("status", s.status().name())
                    .publishPercentileHistogram().register(registry)
                    .record(Duration.between(s.startedAt(), s.endedAt()));
        }
    }
}
