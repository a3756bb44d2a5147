package dev.loom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The alerting rules of {@code deploy/prometheus/loom-alerts.yml}, each read as "expression, comparison, threshold". */
final class AlertRules {
    static final Path FILE = DeployRepo.path("deploy/prometheus/loom-alerts.yml");
    static final Path TESTS = DeployRepo.path("deploy/prometheus/tests");
    private static final Pattern COMPARISON = Pattern.compile("^(.*?)\\s+(>=|<=|==|!=|>|<)\\s+(-?\\d+(?:\\.\\d+)?)$");

    /** One alert: {@code expr} is {@code base op threshold}; {@code forSeconds} is 0 without {@code for:}. */
    record Alert(String name, String expr, String base, String op, String threshold, long forSeconds, String severity,
                 String summary, String runbook) {
    }

    private AlertRules() {
    }

    static List<Alert> load() {
        return parse(DeployRepo.yaml(FILE));
    }

    static List<Alert> parse(JsonNode file) {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                String expr = rule.path("expr").asText().strip();
                Matcher m = COMPARISON.matcher(expr);
                if (!m.matches()) {
                    throw new AssertionError(rule.path("alert").asText() + ": the expression does not end in a comparison"
                            + " with a number: " + expr);
                }
                long forSeconds = Optional.ofNullable(rule.get("for")).map(f -> DeployRepo.seconds(f.asText())).orElse(0L);
                alerts.add(new Alert(rule.path("alert").asText(), expr, m.group(1), m.group(2), m.group(3), forSeconds,
                        rule.path("labels").path("severity").asText(null),
                        rule.path("annotations").path("summary").asText(null),
                        rule.path("annotations").path("runbook").asText(null)));
            }
        }
        return alerts;
    }
}
