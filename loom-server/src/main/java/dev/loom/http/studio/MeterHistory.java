package dev.loom.http.studio;

import dev.loom.breaker.BreakerView;
import dev.loom.http.routes.ServerContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@link #WINDOW} of the node's own meters, sampled every {@link #INTERVAL} into a ring buffer, so Studio
 * can draw 15-minute charts without a Prometheus server. Counters become rates (per second over the interval) and
 * the turn-latency histograms become the quantiles of the turns of that interval, the way {@code rate()} and
 * {@code histogram_quantile()} would compute them from {@code /metrics}.
 *
 * <p>The sampler runs on a virtual thread and stops by itself once the registry is closed (the server closes it
 * last), so it needs no lifecycle hook of its own.
 */
public final class MeterHistory {
    /** How often the meters are read. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How far back the history goes. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** The outcomes of {@code loom.messages}, plus {@code accepted} from {@code loom.messages.accepted}. */
    public static final List<String> OUTCOMES = List.of("accepted", "committed", "retried", "dead_lettered",
            "deduplicated");
    private static final Logger LOG = LoggerFactory.getLogger(MeterHistory.class);
    private static final int CAPACITY = (int) (WINDOW.toMillis() / INTERVAL.toMillis());

    /**
     * One sample.
     *
     * @param seq                   increases by one per sample, so a client can ask for the samples after the
     *                              last one it has
     * @param at                    when it was taken
     * @param messagesPerSecond     rate per outcome over the interval before it
     * @param turnSeconds           p50, p95 and p99 of the interval's committed turns; empty when there were none
     * @param queueDepth            messages waiting over all queues
     * @param queueOldestAgeSeconds the oldest waiting message's age over all queues
     * @param deadLetters           DLQ size; {@code NaN} when the store did not answer
     * @param openBreakers          breakers open or forced open
     * @param partitionsHeld        partitions this node holds
     * @param partitionsTotal       partitions of the store
     * @param activeActors          actors active on this node
     */
    public record Sample(long seq, Instant at, Map<String, Double> messagesPerSecond, Map<String, Double> turnSeconds,
                         double queueDepth, double queueOldestAgeSeconds, double deadLetters, int openBreakers,
                         double partitionsHeld, double partitionsTotal, double activeActors) {
    }

    private final ServerContext ctx;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Map<String, Double> lastCounts = Map.of();
    private TreeMap<Double, Double> lastBuckets = new TreeMap<>();
    private long lastNanos;
    private long seq;
    // Streams wait for the next sample on a lock and condition rather than the monitor: on JDK 21 a virtual thread
    // waiting in Object.wait() pins its carrier, and a few open streams would pin them all.
    private final ReentrantLock signal = new ReentrantLock();
    private final Condition sampled = signal.newCondition();
    private volatile long latest;

    private MeterHistory(ServerContext ctx, Clock clock) {
        this.ctx = ctx;
        this.registry = ctx.metrics().registry();
        this.clock = clock;
    }

    /** Starts sampling {@code ctx}'s meters; the first sample is taken now, as the baseline of the first rates. */
    public static MeterHistory start(ServerContext ctx) {
        MeterHistory h = new MeterHistory(ctx, Clock.systemUTC());
        h.sample();
        Thread.ofVirtual().name("loom-studio-sampler").start(h::run);
        return h;
    }

    private void run() {
        while (!registry.isClosed()) {
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (registry.isClosed()) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                // A failing read (the store during an outage) loses one point of a chart, not the sampler.
                LOG.debug("sampling the meters failed", e);
            }
        }
    }

    /** The samples after {@code afterSeq}, oldest first. */
    public synchronized List<Sample> after(long afterSeq) {
        return samples.stream().filter(s -> s.seq() > afterSeq).toList();
    }

    /**
     * The samples after {@code afterSeq}, waiting up to {@code timeout} for the next one when there is none yet.
     *
     * @return empty when the timeout passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public List<Sample> awaitAfter(long afterSeq, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        signal.lock();
        try {
            while (latest <= afterSeq && nanos > 0) {
                nanos = sampled.awaitNanos(nanos);
            }
        } finally {
            signal.unlock();
        }
        return after(afterSeq);
    }

    /** The seq of the latest sample (0 before the first). */
    public long latestSeq() {
        return latest;
    }

    /** Takes a sample and wakes the streams waiting for it. */
    void sample() {
        long taken = takeSample();
        signal.lock();
        try {
            latest = taken;
            sampled.signalAll();
        } finally {
            signal.unlock();
        }
    }

    private synchronized long takeSample() {
        long now = System.nanoTime();
        double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
        lastNanos = now;
        Map<String, Double> counts = counts();
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            double delta = counts.getOrDefault(outcome, 0.0) - lastCounts.getOrDefault(outcome, 0.0);
            rates.put(outcome, seconds == 0 ? 0 : Math.max(0, delta) / seconds);
        }
        lastCounts = counts;
        TreeMap<Double, Double> buckets = turnBuckets();
        Map<String, Double> quantiles = quantiles(buckets, lastBuckets);
        lastBuckets = buckets;
        ctx.queues().refresh();
        double depth = 0;
        double oldest = 0;
        for (Gauge g : registry.find("loom.queue.depth").gauges()) {
            depth += finite(g.value());
        }
        for (Gauge g : registry.find("loom.queue.oldest.age.seconds").gauges()) {
            oldest = Math.max(oldest, finite(g.value()));
        }
        int open = 0;
        for (BreakerView b : ctx.loom().breakers().list()) {
            if (b.state().equals("OPEN") || b.state().equals("FORCED_OPEN")) {
                open++;
            }
        }
        Sample s = new Sample(++seq, clock.instant(), rates, quantiles, depth, oldest, gauge("loom.dead.letters"), open,
                gauge("loom.partitions.held"), gauge("loom.partitions.total"), gauge("loom.actors.active"));
        samples.addLast(s);
        while (samples.size() > CAPACITY) {
            samples.removeFirst();
        }
        return s.seq();
    }

    private Map<String, Double> counts() {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Counter c : registry.find("loom.messages").counters()) {
            counts.merge(c.getId().getTag("outcome"), c.count(), Double::sum);
        }
        for (Counter c : registry.find("loom.messages.accepted").counters()) {
            counts.merge("accepted", c.count(), Double::sum);
        }
        return counts;
    }

    /** The cumulative bucket counts of every actor type's turn timer, summed by upper bound (in seconds). */
    private TreeMap<Double, Double> turnBuckets() {
        TreeMap<Double, Double> sum = new TreeMap<>();
        for (Timer t : registry.find("loom.turn.duration").timers()) {
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
                sum.merge(b.bucket(java.util.concurrent.TimeUnit.SECONDS), b.count(), Double::sum);
            }
        }
        return sum;
    }

    /**
     * The p50, p95 and p99 of the turns between two cumulative snapshots, interpolated linearly inside the bucket
     * the rank falls in (as Prometheus' {@code histogram_quantile} does); empty when no turn ran in between.
     */
    static Map<String, Double> quantiles(TreeMap<Double, Double> now, TreeMap<Double, Double> before) {
        List<double[]> delta = new ArrayList<>();
        for (Map.Entry<Double, Double> e : now.entrySet()) {
            delta.add(new double[] {e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)});
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (delta.isEmpty() || delta.getLast()[1] <= 0) {
            return out;
        }
        double total = delta.getLast()[1];
        for (var q : Map.of("p50", 0.5, "p95", 0.95, "p99", 0.99).entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList()) {
            quantile(delta, q.getValue() * total).ifPresent(v -> out.put(q.getKey(), v));
        }
        return out;
    }

    private static OptionalDouble quantile(List<double[]> cumulative, double rank) {
        double lowerBound = 0;
        double lowerCount = 0;
        for (double[] b : cumulative) {
            if (b[1] >= rank) {
                double inBucket = b[1] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return OptionalDouble.of(lowerBound + (b[0] - lowerBound) * fraction);
            }
            lowerBound = b[0];
            lowerCount = b[1];
        }
        // Beyond the last finite bucket: its bound is the most that can be said.
        return OptionalDouble.of(lowerBound);
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
