package dev.loom.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a PromQL expression reads, without evaluating it: its vector selectors (metric name and label matchers)
 * and the labels of its {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} clauses. A tokenizer, not a full parser: strings, numbers, durations and range brackets
 * are skipped; an identifier is a function or aggregation when it is one of PromQL's, or when {@code (} follows
 * it, a keyword when it is one, and otherwise a metric name (bare, or followed by {@code {} or {@code [}).
 * Syntax errors are {@code promtool}'s to find.
 */
final class PromQl {
    /** A vector selector: {@code name{label op "value", ...}}; name is null for a selector of matchers alone. */
    record Selector(String name, Map<String, String> matchers) {
    }

    /** What an expression reads. */
    record Reads(List<Selector> selectors, Set<String> groupingLabels) {
        Set<String> metricNames() {
            Set<String> names = new LinkedHashSet<>();
            selectors.forEach(s -> {
                if (s.name() != null) {
                    names.add(s.name());
                }
            });
            return names;
        }
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("bool", "and", "or", "unless", "atan2", "inf", "nan");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static Reads reads(String expr) {
        List<String> tokens = tokens(expr);
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (t.equals("[")) {
                while (i < tokens.size() && !tokens.get(i).equals("]")) {
                    i++;
                }
            } else if (t.equals("{")) {
                Map<String, String> m = new LinkedHashMap<>();
                i = matchers(tokens, i, m);
                String name = m.containsKey("__name__") && m.get("__name__").startsWith("=\"") ? unquote(m.remove("__name__").substring(1)) : null;
                selectors.add(new Selector(name, m));
            } else if (isIdentifier(t)) {
                String lower = t.toLowerCase(java.util.Locale.ROOT);
                if (LABEL_LISTS.contains(lower)) {
                    if (next.equals("(")) {
                        i += 2;
                        for (; i < tokens.size() && !tokens.get(i).equals(")"); i++) {
                            if (isIdentifier(tokens.get(i))) {
                                grouping.add(tokens.get(i));
                            }
                        }
                    }
                } else if (lower.equals("offset")) {
                    i++;
                } else if (AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower) || next.equals("(")) {
                    continue;
                } else {
                    Map<String, String> m = new LinkedHashMap<>();
                    if (next.equals("{")) {
                        i = matchers(tokens, i + 1, m);
                    }
                    selectors.add(new Selector(t, m));
                }
            }
        }
        return new Reads(selectors, grouping);
    }

    /** Reads {@code { label op "value", ... }} from the {@code {} at {@code open}; returns the index of {@code }}. */
    private static int matchers(List<String> tokens, int open, Map<String, String> into) {
        int i = open + 1;
        while (i < tokens.size() && !tokens.get(i).equals("}")) {
            if (isIdentifier(tokens.get(i)) && i + 2 < tokens.size()) {
                into.put(tokens.get(i), tokens.get(i + 1) + tokens.get(i + 2));
                i += 3;
            } else {
                i++;
            }
        }
        return i;
    }

    private static boolean isIdentifier(String t) {
        char c = t.charAt(0);
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Identifiers, quoted strings (quotes kept), numbers and durations (one token each), operators and brackets. */
    static List<String> tokens(String expr) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < expr.length() && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i++;
                while (i < expr.length() && expr.charAt(i) != c) {
                    i += expr.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
                i++;
                tokens.add(expr.substring(start, Math.min(i, expr.length())));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1)))) {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                        || ((expr.charAt(i) == '-' || expr.charAt(i) == '+') && Character.toLowerCase(expr.charAt(i - 1)) == 'e'
                            && !expr.substring(start, i).startsWith("0x")))) {
                    i++;
                }
                tokens.add(expr.substring(start, i));
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                tokens.add(expr.substring(start, i));
            } else if ("=!<>".indexOf(c) >= 0 && i + 1 < expr.length() && "=~".indexOf(expr.charAt(i + 1)) >= 0) {
                tokens.add(expr.substring(i, i + 2));
                i += 2;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
