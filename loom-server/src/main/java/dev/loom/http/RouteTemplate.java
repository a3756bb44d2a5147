package dev.loom.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path template such as {@code /api/actors/{type}/{id}/state}: literal segments and named parameters. */
public record RouteTemplate(String text, List<String> segments) {
    public static RouteTemplate parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + text);
        }
        return new RouteTemplate(text, List.of(text.substring(1).split("/", -1)));
    }

    /** The parameter names, in order. */
    public List<String> parameters() {
        List<String> out = new ArrayList<>();
        for (String s : segments) {
            if (isParameter(s)) {
                out.add(s.substring(1, s.length() - 1));
            }
        }
        return out;
    }

    /** The parameters' values if {@code path} matches; a parameter matches one non-empty segment. */
    public Optional<Map<String, String>> match(String path) {
        return segmentsOf(path).flatMap(this::match);
    }

    /** The parameters' values if the path split by {@link #segmentsOf} matches. */
    public Optional<Map<String, String>> match(String[] parts) {
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        int parameters = 0;
        for (int i = 0; i < parts.length; i++) {
            String s = segments.get(i);
            if (isParameter(s)) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters++;
            } else if (!s.equals(parts[i])) {
                return Optional.empty();
            }
        }
        if (parameters == 0) {
            return Optional.of(Map.of());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String s = segments.get(i);
            if (isParameter(s)) {
                params.put(s.substring(1, s.length() - 1), parts[i]);
            }
        }
        return Optional.of(params);
    }

    /** A path's segments (empty ones kept), or empty when it does not start with {@code /}. */
    public static Optional<String[]> segmentsOf(String path) {
        return path.startsWith("/") ? Optional.of(path.substring(1).split("/", -1)) : Optional.empty();
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
