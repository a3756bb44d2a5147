package dev.loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a setting's value is read from YAML (strictly typed) and from an environment variable (text).
 *
 * @param expected what a valid value looks like, for error messages
 * @param fromYaml the value of a YAML node, or empty if it has the wrong type or an impossible value
 * @param fromText the value of environment text, or empty if it is not valid
 * @param secret   whether the value is a secret: problems never quote it
 */
record ValueType<T>(String expected, Function<JsonNode, Optional<T>> fromYaml, Function<String, Optional<T>> fromText,
                    boolean secret) {

    ValueType(String expected, Function<JsonNode, Optional<T>> fromYaml, Function<String, Optional<T>> fromText) {
        this(expected, fromYaml, fromText, false);
    }

    /** This type for a secret value, which problems describe without quoting it. */
    ValueType<T> asSecret() {
        return new ValueType<>(expected, fromYaml, fromText, true);
    }

    static ValueType<Integer> integer(int min, int max) {
        Predicate<Long> inRange = v -> v >= min && v <= max;
        String expected = "an integer from " + min + " to " + max;
        return new ValueType<>(expected,
                n -> n.isIntegralNumber() && n.canConvertToLong() && inRange.test(n.asLong())
                        ? Optional.of(n.asInt()) : Optional.empty(),
                t -> parseLong(t).filter(inRange).map(Long::intValue));
    }

    static ValueType<Long> longInteger(long min, long max) {
        Predicate<Long> inRange = v -> v >= min && v <= max;
        return new ValueType<>("an integer from " + min + " to " + max,
                n -> n.isIntegralNumber() && n.canConvertToLong() && inRange.test(n.asLong())
                        ? Optional.of(n.asLong()) : Optional.empty(),
                t -> parseLong(t).filter(inRange));
    }

    static ValueType<Double> decimal(double min) {
        Predicate<Double> ok = v -> Double.isFinite(v) && v >= min;
        return new ValueType<>("a number >= " + min,
                n -> n.isNumber() && ok.test(n.asDouble()) ? Optional.of(n.asDouble()) : Optional.empty(),
                t -> parseDouble(t).filter(ok));
    }

    static ValueType<Boolean> bool() {
        return new ValueType<>("true or false",
                n -> n.isBoolean() ? Optional.of(n.asBoolean()) : Optional.empty(),
                t -> switch (t.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> Optional.of(true);
                    case "false" -> Optional.of(false);
                    default -> Optional.empty();
                });
    }

    /** A positive duration ({@code allowZero} also accepts zero). */
    static ValueType<Duration> duration(boolean allowZero) {
        Predicate<Duration> ok = d -> !d.isNegative() && (allowZero || !d.isZero());
        String expected = (allowZero ? "a non-negative " : "a positive ") + Durations.expectedForm().substring(2);
        Function<String, Optional<Duration>> parse = t -> Durations.parse(t).filter(ok);
        return new ValueType<>(expected, n -> n.isTextual() ? parse.apply(n.asText()) : Optional.empty(), parse);
    }

    static ValueType<Long> byteSize(long min, long max) {
        Predicate<Long> ok = v -> v >= min && v <= max;
        Function<String, Optional<Long>> parse = t -> ByteSizes.parse(t).filter(ok);
        return new ValueType<>("a size from " + min + " to " + max + " bytes, e.g. 1048576 or 1MiB",
                n -> n.isIntegralNumber() ? Optional.of(n.asLong()).filter(ok)
                        : n.isTextual() ? parse.apply(n.asText()) : Optional.empty(),
                parse);
    }

    static ValueType<String> text() {
        return new ValueType<>("a non-empty string",
                n -> n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty(),
                t -> t.isBlank() ? Optional.empty() : Optional.of(t));
    }

    /**
     * A host name or IP address to bind to ({@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::}, {@code loom-1}):
     * no scheme, port or path, which would make the listener fail at start with a less helpful message.
     */
    static ValueType<String> host() {
        Predicate<String> ok = t -> !t.isBlank() && t.chars().noneMatch(c -> Character.isWhitespace(c) || c == '/')
                && !t.contains("://");
        Function<String, Optional<String>> parse = t -> Optional.of(t.trim()).filter(ok);
        return new ValueType<>("a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::",
                n -> n.isTextual() ? parse.apply(n.asText()) : Optional.empty(), parse);
    }

    static ValueType<Path> path() {
        ValueType<String> s = text();
        return new ValueType<>("a file system path", n -> s.fromYaml().apply(n).map(Path::of),
                t -> s.fromText().apply(t).map(Path::of));
    }

    /**
     * Paths: in YAML one path or a list of them; in the environment separated by commas or the platform's path
     * separator ({@code :} on Unix). Blank entries are skipped, so an empty variable means no paths.
     */
    static ValueType<List<Path>> pathList() {
        String separators = "[," + java.util.regex.Pattern.quote(java.io.File.pathSeparator) + "]";
        Function<String, Optional<List<Path>>> parse = t -> Optional.of(Arrays.stream(t.split(separators))
                .map(String::trim).filter(e -> !e.isEmpty()).map(Path::of).toList());
        return new ValueType<>("a path or a list of paths (jar files or directories of jars)",
                n -> {
                    if (n.isTextual()) {
                        return parse.apply(n.asText());
                    }
                    if (!n.isArray()) {
                        return Optional.empty();
                    }
                    List<Path> out = new java.util.ArrayList<>();
                    for (JsonNode e : n) {
                        if (!e.isTextual() || e.asText().isBlank()) {
                            return Optional.empty();
                        }
                        out.add(Path.of(e.asText().trim()));
                    }
                    return Optional.of(List.copyOf(out));
                },
                parse);
    }

    static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        Function<String, Optional<E>> parse = t -> Arrays.stream(type.getEnumConstants())
                .filter(e -> e.name().equalsIgnoreCase(t.trim())).findFirst();
        return new ValueType<>("one of " + String.join(", ", names),
                n -> n.isTextual() ? parse.apply(n.asText()) : Optional.empty(), parse);
    }

    static ValueType<String> oneOfText(List<String> allowed) {
        Function<String, Optional<String>> parse = t -> allowed.stream().filter(a -> a.equalsIgnoreCase(t.trim())).findFirst();
        return new ValueType<>("one of " + String.join(", ", allowed),
                n -> n.isTextual() ? parse.apply(n.asText()) : Optional.empty(), parse);
    }

    private static Optional<Long> parseLong(String t) {
        try {
            return Optional.of(Long.parseLong(t.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> parseDouble(String t) {
        try {
            return Optional.of(Double.parseDouble(t.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
