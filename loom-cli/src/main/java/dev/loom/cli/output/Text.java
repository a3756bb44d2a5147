package dev.loom.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/** Renders values for human-readable output. */
public final class Text {
    private Text() {
    }

    /** A JSON field as text: {@code -} when missing or null, the bare text of a string, compact JSON otherwise. */
    public static String of(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "-";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** A ratio in [0, 1] as a percentage with one decimal. */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** A number with one decimal. */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A count with thousands separators. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration as {@code 1h02m03s}, {@code 4m05s}, {@code 6.2s} or {@code 15ms}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return decimal(ms / 1000.0) + "s";
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
}
