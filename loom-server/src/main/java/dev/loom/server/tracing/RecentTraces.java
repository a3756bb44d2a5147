package dev.loom.server.tracing;

import dev.loom.trace.LoomSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spans this node finished recently, grouped by trace, for {@code /api/admin/traces} and {@code loom traces}: a
 * span processor of the node's tracer provider. Bounded twice: traces whose last span ended longer than the
 * retention ago are removed every minute (and on demand by {@link #cleanup}), and beyond {@code maxSpans} the
 * traces that started first are dropped. Node-local and in memory: a trace that crossed nodes shows here only with
 * this node's spans, and a restart forgets everything; whole traces and long-term storage are the OTLP backend's.
 */
public final class RecentTraces implements SpanProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecentTraces.class);
    private static final AttributeKey<String> ACTOR_TYPE = AttributeKey.stringKey(LoomSpans.ACTOR_TYPE);
    private static final AttributeKey<String> ACTOR_ID = AttributeKey.stringKey(LoomSpans.ACTOR_ID);

    /** One kept trace's summary. */
    public record Summary(String traceId, String root, Instant start, Instant end, int spans, List<String> actors,
                          boolean error) {
    }

    /** What a cleanup removed. */
    public record Removed(int traces, int spans) {
    }

    private final Clock clock;
    private final Duration retention;
    private final int maxSpans;
    /** Traces in the order their first span ended here; guarded by {@code this}. */
    private final LinkedHashMap<String, List<SpanData>> traces = new LinkedHashMap<>();
    private int spanCount;
    private final ScheduledExecutorService cleaner;

    /**
     * @param retention how long a trace is kept after its last span ended
     * @param maxSpans  most spans kept
     */
    public RecentTraces(Clock clock, Duration retention, int maxSpans) {
        this.clock = clock;
        this.retention = retention;
        this.maxSpans = maxSpans;
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loom-trace-cleanup");
            t.setDaemon(true);
            return t;
        });
        cleaner.scheduleWithFixedDelay(this::cleanupExpired, 1, 1, TimeUnit.MINUTES);
    }

    public Duration retention() {
        return retention;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        SpanData data = span.toSpanData();
        traces.computeIfAbsent(data.getTraceId(), k -> new ArrayList<>()).add(data);
        spanCount++;
        Iterator<List<SpanData>> oldest = traces.values().iterator();
        while (spanCount > maxSpans && oldest.hasNext()) {
            spanCount -= oldest.next().size();
            oldest.remove();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** The spans of a kept trace, by start time; empty if it is not (or no longer) kept. */
    public synchronized Optional<List<SpanData>> trace(String traceId) {
        List<SpanData> spans = traces.get(traceId);
        if (spans == null) {
            return Optional.empty();
        }
        return Optional.of(spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList());
    }

    /**
     * Kept traces, newest first, that hold a span of the actor {@code actor} names ({@code type} or {@code type/id};
     * null for any).
     */
    public synchronized List<Summary> list(String actor, int limit) {
        List<Summary> out = new ArrayList<>();
        List<List<SpanData>> newestFirst = new ArrayList<>(traces.values()).reversed();
        for (List<SpanData> spans : newestFirst) {
            if (out.size() >= limit) {
                break;
            }
            if (actor == null || spans.stream().anyMatch(s -> matches(s, actor))) {
                out.add(summary(spans));
            }
        }
        return out;
    }

    /** Removes the traces whose last span ended before {@code now - olderThan}. */
    public synchronized Removed cleanup(Duration olderThan) {
        long cutoff = toNanos(clock.instant().minus(olderThan));
        int removedTraces = 0;
        int removedSpans = 0;
        Iterator<Map.Entry<String, List<SpanData>>> it = traces.entrySet().iterator();
        while (it.hasNext()) {
            List<SpanData> spans = it.next().getValue();
            if (spans.stream().mapToLong(SpanData::getEndEpochNanos).max().orElse(0) < cutoff) {
                removedTraces++;
                removedSpans += spans.size();
                it.remove();
            }
        }
        spanCount -= removedSpans;
        return new Removed(removedTraces, removedSpans);
    }

    private void cleanupExpired() {
        try {
            Removed r = cleanup(retention);
            if (r.traces() > 0) {
                LOG.debug("removed {} trace(s) ({} spans) older than {}", r.traces(), r.spans(), retention);
            }
        } catch (RuntimeException e) {
            LOG.error("trace cleanup failed; it runs again in a minute", e);
        }
    }

    private static boolean matches(SpanData s, String actor) {
        String type = s.getAttributes().get(ACTOR_TYPE);
        if (type == null) {
            return false;
        }
        int slash = actor.indexOf('/');
        return slash < 0 ? type.equals(actor)
                : type.equals(actor.substring(0, slash)) && actor.substring(slash + 1).equals(s.getAttributes().get(ACTOR_ID));
    }

    private static Summary summary(List<SpanData> spans) {
        SpanData first = spans.stream().min(Comparator.comparingLong(SpanData::getStartEpochNanos)).orElseThrow();
        long end = spans.stream().mapToLong(SpanData::getEndEpochNanos).max().orElseThrow();
        TreeSet<String> actors = new TreeSet<>();
        for (SpanData s : spans) {
            String type = s.getAttributes().get(ACTOR_TYPE);
            if (type != null && s.getName().startsWith("turn ")) {
                actors.add(type + "/" + s.getAttributes().get(ACTOR_ID));
            }
        }
        boolean error = spans.stream().anyMatch(s -> s.getStatus().getStatusCode() == StatusCode.ERROR);
        return new Summary(first.getTraceId(), first.getName(), instant(first.getStartEpochNanos()), instant(end),
                spans.size(), List.copyOf(actors), error);
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    private static long toNanos(Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }

    @Override
    public CompletableResultCode shutdown() {
        cleaner.shutdownNow();
        return CompletableResultCode.ofSuccess();
    }
}
