package dev.loom.server.tracing;

import dev.loom.config.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's OpenTelemetry: the SDK configured by the standard {@code OTEL_*} variables (through the SDK's
 * autoconfiguration, so {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME},
 * {@code OTEL_TRACES_SAMPLER}, {@code OTEL_TRACES_SAMPLER_ARG}, {@code OTEL_RESOURCE_ATTRIBUTES} and the rest mean
 * what the OpenTelemetry specification says), plus {@link RecentTraces} when {@code tracing.keepRecent} is on; or
 * {@link OpenTelemetry#noop()} when neither export nor keeping is asked for, so tracing that is off costs nothing.
 *
 * <p>Loom's defaults, each overridden by its variable: service name {@code loom}, protocol {@code http/protobuf}
 * (the JDK HTTP sender is bundled; gRPC is not), traces only (metrics are Prometheus', logs go to standard output).
 */
public final class ServerTelemetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTelemetry.class);

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final RecentTraces recent;

    private ServerTelemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, RecentTraces recent) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.recent = recent;
    }

    /**
     * Builds the telemetry {@code config} asks for.
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException if an {@code OTEL_*} value is invalid
     */
    public static ServerTelemetry configure(TracingConfig config, Clock clock) {
        if (!config.enabled()) {
            return new ServerTelemetry(OpenTelemetry.noop(), null, null);
        }
        RecentTraces recent = config.keepRecent() ? new RecentTraces(clock, config.retention(), config.maxSpans()) : null;
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.service.name", "loom");
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        properties.put("otel.traces.exporter", config.exporting() ? "otlp" : "none");
        config.otel().forEach((k, v) -> properties.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v));
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .addTracerProviderCustomizer((b, c) -> recent == null ? b : b.addSpanProcessor(recent))
                .disableShutdownHook()
                .build().getOpenTelemetrySdk();
        LOG.info("tracing on: {}{}", config.exporting() ? "exporting spans over OTLP as service "
                + properties.get("otel.service.name") : "no export", recent == null ? ""
                : ", keeping recent traces for " + config.retention());
        return new ServerTelemetry(sdk, sdk, recent);
    }

    /** What the runtime and the HTTP layer record spans with. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are recorded at all. */
    public boolean enabled() {
        return sdk != null;
    }

    /** The recent traces this node keeps, when {@code tracing.keepRecent} is on. */
    public Optional<RecentTraces> recent() {
        return Optional.ofNullable(recent);
    }

    /** Exports what is still buffered (waiting up to 10 s) and stops the SDK. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
