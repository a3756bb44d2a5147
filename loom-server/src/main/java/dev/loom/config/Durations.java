package dev.loom.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as ISO-8601 ({@code PT5S}) or as a number with a unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration, or empty if {@code text} is in neither form. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The form expected, for error messages. */
    public static String expectedForm() {
        return "a duration such as PT5S, 500ms, 5s, 2m, 1h or 1d";
    }
}
