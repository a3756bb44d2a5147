package dev.loom.metrics;

import dev.loom.breaker.Breakers;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * The server's Prometheus registry: the runtime's own meters (it is handed to {@code LoomBuilder}), JVM and
 * process meters, and the circuit breakers' ({@code resilience4j_circuitbreaker_state} and friends).
 */
public final class MetricsRegistry implements AutoCloseable {
    /** Help text for meters registered without one elsewhere (Prometheus lint requires help on every metric). */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "loom.cache.requests", "Lookups of an actor in the active-actor pool, by result (hit: it was active)");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> beforeScrape = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MetricsRegistry() {
        // Filters apply only to meters registered after them, so they come first.
        registry.config().meterFilter(lintClean());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bindProcessCpuSeconds();
    }

    /**
     * Makes the exposition pass {@code promtool check metrics}: supplies missing help texts, renames
     * {@code system.cpu.count} (a gauge must not end in {@code _count}, which Prometheus reserves for histograms
     * and summaries) to {@code system.cpus}, and replaces {@code process.cpu.time} (exported in nanoseconds as
     * {@code process_cpu_time_ns_total}, an abbreviated unit) with the conventional
     * {@code process_cpu_seconds_total}, registered by {@link #bindProcessCpuSeconds()}.
     */
    private static MeterFilter lintClean() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("system.cpu.count")) {
                    return id.withName("system.cpus");
                }
                String description = DESCRIPTIONS.get(id.getName());
                if (description != null && id.getDescription() == null) {
                    return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
                            id.getType());
                }
                return id;
            }
        };
    }

    /** CPU time of this process, in seconds, when the JVM reports it (it does on Linux, macOS and Windows). */
    private void bindProcessCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time used by this process")
                    .register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Exposes the breakers' states and call counts. */
    public void bindBreakers(Breakers breakers) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(registry);
    }

    /**
     * Runs {@code refresh} before every {@link #scrape()}, for gauges whose series are discovered by reading the
     * runtime (a new tag combination must be registered before the registry is scraped).
     */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
