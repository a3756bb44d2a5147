package dev.loom.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracing: spans are exported over OTLP when the standard OpenTelemetry environment asks for it
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_TRACES_EXPORTER}
 * other than {@code none}), and kept in memory for inspection when {@code keepRecent} is on. With neither, the
 * runtime gets no tracer at all.
 *
 * @param keepRecent whether this node keeps its recent spans for {@code /api/admin/traces} and {@code loom traces}
 * @param retention  how long kept traces live; a cleanup removes older ones every minute
 * @param maxSpans   most spans kept; the oldest traces go first beyond it
 * @param otel       the {@code OTEL_*} environment variables, handed to the OpenTelemetry SDK's configuration
 */
public record TracingConfig(boolean keepRecent, Duration retention, int maxSpans, Map<String, String> otel) {
    public TracingConfig {
        otel = Map.copyOf(otel);
    }

    /** The {@code OTEL_*} entries of {@code env}. */
    static Map<String, String> otelVariables(Map<String, String> env) {
        Map<String, String> otel = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("OTEL_") && v != null) {
                otel.put(k, v);
            }
        });
        return otel;
    }

    /** Whether the environment asks for spans to be exported. */
    public boolean exporting() {
        if ("true".equalsIgnoreCase(otel.get("OTEL_SDK_DISABLED"))) {
            return false;
        }
        String exporter = otel.get("OTEL_TRACES_EXPORTER");
        if (exporter != null) {
            return !exporter.isBlank() && !exporter.trim().equalsIgnoreCase("none");
        }
        return otel.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || otel.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    /** Whether any span is recorded at all. */
    public boolean enabled() {
        return keepRecent || exporting();
    }
}
