package dev.loom.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sample names of a Prometheus text exposition and the label names each carries. Sample names, not
 * families: a histogram {@code x_seconds} is there as {@code x_seconds_bucket}, {@code x_seconds_count} and
 * {@code x_seconds_sum}, which is what a query names.
 */
record Exposition(Map<String, Set<String>> labelsByName) {
    /**
     * Labels Prometheus attaches to every scraped series ({@code job}, {@code instance}) and the series it
     * writes itself for each target, which no {@code /metrics} contains.
     */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    static Exposition parse(String text) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            Set<String> names = labels.computeIfAbsent(line.substring(0, i), n -> new LinkedHashSet<>());
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    names.add(line.substring(i, eq).strip());
                    i = eq + 2; // past ="
                    while (line.charAt(i) != '"') {
                        i += line.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
            }
        }
        return new Exposition(labels);
    }

    /**
     * What is wrong with the metrics {@code expr} reads, each naming {@code where}: a metric this exposition
     * lacks (other than the series Prometheus writes per target), a matcher on a label the metric does not carry
     * (other than the target labels), a grouping label none of its metrics carries, a selector without a metric
     * name, or no metric at all.
     */
    List<String> problems(String where, String expr) {
        PromQl.Reads reads = PromQl.reads(expr);
        List<String> problems = new ArrayList<>();
        Set<String> known = new HashSet<>(TARGET_LABELS);
        for (PromQl.Selector s : reads.selectors()) {
            if (s.name() == null) {
                problems.add(where + ": a selector without a metric name " + s.matchers() + " in " + expr);
                continue;
            }
            Set<String> labels = SCRAPE_SERIES.contains(s.name()) ? TARGET_LABELS : labels(s.name());
            if (!SCRAPE_SERIES.contains(s.name()) && !has(s.name())) {
                problems.add(where + ": " + s.name() + " is not in /metrics");
                continue;
            }
            known.addAll(labels);
            s.matchers().keySet().stream().filter(l -> !labels.contains(l) && !TARGET_LABELS.contains(l))
                    .forEach(l -> problems.add(where + ": " + s.name() + " has no label " + l + " (it has " + labels + ")"));
        }
        reads.groupingLabels().stream().filter(l -> !known.contains(l))
                .forEach(l -> problems.add(where + ": groups by " + l + ", a label none of " + reads.metricNames() + " has"));
        if (reads.metricNames().isEmpty()) {
            problems.add(where + ": reads no metric: " + expr);
        }
        return problems;
    }

    boolean has(String name) {
        return labelsByName.containsKey(name);
    }

    Set<String> labels(String name) {
        return labelsByName.getOrDefault(name, Set.of());
    }
}
