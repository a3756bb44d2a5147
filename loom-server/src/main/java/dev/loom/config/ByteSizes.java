package dev.loom.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes in bytes written as a number or with a unit ({@code 512KiB}, {@code 1MiB}, {@code 2MB}). */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private ByteSizes() {
    }

    static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Optional.of(Math.multiplyExact(n, factor));
    }
}
