package dev.loom.cli.convert;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration written as ISO-8601 ({@code PT5S}) or as a number and unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}). */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws TypeConversionException if the text is neither form, or negative
     */
    public static Duration parse(String value) {
        String text = value.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative; a duration must be zero or more");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: write e.g. 500ms, 5s, 2m, 1h, 1d or PT5S");
        }
    }
}
