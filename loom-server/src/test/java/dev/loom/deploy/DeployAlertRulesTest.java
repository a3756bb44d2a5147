package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/prometheus/loom-alerts.yml}: {@code promtool} accepts it and its unit tests pass; every alert has
 * a unit test in which it fires and one in which it does not, and those tests pin its threshold and its
 * {@code for:} (a rule whose threshold moves by 10 % or whose {@code for:} moves by a minute fails them); every
 * metric and label an alert reads is in a real server's {@code /metrics}; and docs/RUNBOOK.md 3.2 (thresholds)
 * and 3.3 (alerts and procedures) say what the file does.
 */
class DeployAlertRulesTest {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
        DeployRepo.Result check = promtool("check", "rules", AlertRules.FILE.toString());
        assertThat(check.exit()).as("promtool check rules: %s %s", check.out(), check.err()).isZero();
        DeployRepo.Result test = promtool(Stream.concat(Stream.of("test", "rules"), testFiles(AlertRules.TESTS).stream()).toArray(String[]::new));
        assertThat(test.exit()).as("promtool test rules: %s %s", test.out(), test.err()).isZero();
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() {
        Map<String, Set<Boolean>> fired = new HashMap<>();
        for (String file : testFiles(AlertRules.TESTS)) {
            JsonNode tests = DeployRepo.yaml(Path.of(file));
            assertThat(tests.path("rule_files")).as("%s tests the rules file, alone", file).hasSize(1);
            assertThat(tests.path("rule_files").get(0).asText()).as("%s tests the rules file", file).isEqualTo("../loom-alerts.yml");
            for (JsonNode group : tests.path("tests")) {
                for (JsonNode t : group.path("alert_rule_test")) {
                    fired.computeIfAbsent(t.path("alertname").asText(), a -> new LinkedHashSet<>()).add(!t.path("exp_alerts").isEmpty());
                }
            }
        }
        List<String> names = AlertRules.load().stream().map(AlertRules.Alert::name).toList();
        assertThat(fired.keySet()).as("alerts the unit tests name").containsExactlyInAnyOrderElementsOf(names);
        names.forEach(n -> assertThat(fired.get(n)).as("%s: a unit test where it fires and one where it does not", n)
                .containsExactlyInAnyOrder(true, false));
    }

    @Test
    void theUnitTestsFailWhenAThresholdOrAForDurationChanges() throws IOException {
        JsonNode rules = DeployRepo.yaml(AlertRules.FILE);
        List<String> all = testFiles(AlertRules.TESTS);
        assertThat(unitTests(rules, all).exit()).as("the unit tests pass on the rules as copied").isZero();
        List<String> survived = new ArrayList<>();
        int mutants = 0;
        for (AlertRules.Alert a : AlertRules.load()) {
            // Only the files that test this alert: the changed rule must fail its own tests (and runs faster).
            List<String> files = all.stream().filter(f -> testedAlerts(f).contains(a.name())).toList();
            for (Map.Entry<String, JsonNode> mutant : mutants(rules, a).entrySet()) {
                mutants++;
                if (unitTests(mutant.getValue(), files).exit() == 0) {
                    survived.add(a.name() + ": " + mutant.getKey());
                }
            }
        }
        assertThat(survived).as("rule changes the unit tests did not notice").isEmpty();
        assertThat(mutants).as("rule changes tried").isGreaterThanOrEqualTo(3 * AlertRules.load().size());
    }

    @Test
    void everyMetricAndLabelTheAlertsReadIsInARealServersMetrics() {
        Exposition metrics = ScrapedMetrics.exposition();
        List<String> problems = new ArrayList<>();
        for (AlertRules.Alert a : AlertRules.load()) {
            problems.addAll(metrics.problems(a.name(), a.expr()));
        }
        assertThat(problems).isEmpty();
        String job = DeployRepo.yaml(DeployRepo.path("deploy/prometheus/prometheus.yml")).path("scrape_configs").get(0)
                .path("job_name").asText();
        AlertRules.load().stream().filter(a -> a.expr().contains("job=")).forEach(a ->
                assertThat(a.expr()).as("%s names the scrape job of prometheus.yml", a.name()).contains("job=\"" + job + "\""));
    }

    @Test
    void everyAlertHasASeveritySummaryAndAProcedureOfTheRunbook() {
        Set<String> sections = Runbook.sections();
        for (AlertRules.Alert a : AlertRules.load()) {
            assertThat(a.severity()).as("%s severity", a.name()).isIn("warning", "critical");
            assertThat(a.summary()).as("%s summary", a.name()).isNotBlank();
            assertThat(a.runbook()).as("%s runbook", a.name()).startsWith(Runbook.PREFIX);
            assertThat(sections).as("%s: its procedure is a section of docs/RUNBOOK.md", a.name())
                    .contains(a.runbook().substring(Runbook.PREFIX.length()));
        }
    }

    /** 3.2: every threshold cell is an alert with that base expression, comparison, threshold, severity and for:, and back. */
    @Test
    void theRunbooksThresholdTableIsTheRules() {
        List<List<String>> rows = Runbook.table(Runbook.section("3.2"));
        assertThat(rows.get(0)).containsExactly("what", "PromQL", "warning", "critical");
        Map<String, String> cells = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.get(1).startsWith("`./loom ")) {
                continue;
            }
            String promql = Runbook.code(row.get(1));
            for (int col = 2; col <= 3; col++) {
                if (!row.get(col).equals("—")) {
                    cells.put(rows.get(0).get(col) + " | " + promql, row.get(col));
                }
            }
        }
        Map<String, String> fromRules = new LinkedHashMap<>();
        for (AlertRules.Alert a : AlertRules.load()) {
            String cell = a.op() + " " + a.threshold() + (a.forSeconds() == 0 ? "" : " for " + a.forSeconds() / 60 + " min");
            assertThat(fromRules.put(a.severity() + " | " + a.base(), cell)).as("one %s alert on %s", a.severity(), a.base()).isNull();
        }
        assertThat(cells).as("docs/RUNBOOK.md 3.2 (severity | PromQL -> threshold) against loom-alerts.yml")
                .containsExactlyInAnyOrderEntriesOf(fromRules);
    }

    /** 3.3: names the file, and lists every alert, in the file's order, with its severity and procedure. */
    @Test
    void theRunbooksAlertTableIsTheRules() {
        String section = Runbook.section("3.3");
        assertThat(section).contains("`deploy/prometheus/loom-alerts.yml`");
        List<List<String>> rows = Runbook.table(section);
        assertThat(rows.get(0)).containsExactly("alert", "severity", "procedure");
        List<List<String>> expected = AlertRules.load().stream()
                .map(a -> List.of("`" + a.name() + "`", a.severity(), a.runbook().substring(Runbook.PREFIX.length()))).toList();
        assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(expected);
    }

    /**
     * The rules changed one way each: the threshold 10 % up and down (by 1 when it is 0, only up for {@code ==}),
     * {@code for:} a minute longer and a minute shorter (none at all instead of 0), or {@code for: 1m} where
     * there is none.
     */
    private static Map<String, JsonNode> mutants(JsonNode rules, AlertRules.Alert a) {
        Map<String, JsonNode> mutants = new LinkedHashMap<>();
        BigDecimal t = new BigDecimal(a.threshold());
        List<BigDecimal> thresholds = t.signum() == 0 ? List.of(BigDecimal.ONE.negate(), BigDecimal.ONE)
                : List.of(t.multiply(new BigDecimal("0.9")), t.multiply(new BigDecimal("1.1")));
        for (BigDecimal m : thresholds) {
            if (a.op().equals("==") && m.signum() < 0) {
                continue;
            }
            String expr = a.base() + " " + a.op() + " " + m.stripTrailingZeros().toPlainString();
            mutants.put("expr: " + expr, with(rules, a.name(), r -> r.put("expr", expr)));
        }
        if (a.forSeconds() == 0) {
            mutants.put("for: 1m", with(rules, a.name(), r -> r.put("for", "1m")));
        } else {
            long longer = a.forSeconds() + 60;
            long shorter = a.forSeconds() - 60;
            mutants.put("for: " + longer + "s", with(rules, a.name(), r -> r.put("for", longer + "s")));
            mutants.put(shorter == 0 ? "no for:" : "for: " + shorter + "s", with(rules, a.name(), r -> {
                if (shorter == 0) {
                    r.remove("for");
                } else {
                    r.put("for", shorter + "s");
                }
            }));
        }
        return mutants;
    }

    private static JsonNode with(JsonNode rules, String alert, java.util.function.Consumer<ObjectNode> change) {
        JsonNode copy = rules.deepCopy();
        for (JsonNode group : copy.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").asText().equals(alert)) {
                    change.accept((ObjectNode) rule);
                }
            }
        }
        return copy;
    }

    /** The alerts the unit test file {@code file} names. */
    private static Set<String> testedAlerts(String file) {
        Set<String> names = new LinkedHashSet<>();
        DeployRepo.yaml(Path.of(file)).path("tests").forEach(g -> g.path("alert_rule_test")
                .forEach(t -> names.add(t.path("alertname").asText())));
        return names;
    }

    /** Runs the unit test {@code files} of deploy/prometheus/tests against {@code rules}, laid out as in the repository. */
    private DeployRepo.Result unitTests(JsonNode rules, List<String> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "rules");
        Path tests = Files.createDirectories(root.resolve("tests"));
        DeployRepo.YAML.writeValue(root.resolve(AlertRules.FILE.getFileName()).toFile(), rules);
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        for (String f : files) {
            Path copy = tests.resolve(Path.of(f).getFileName());
            Files.copy(Path.of(f), copy);
            command.add(copy.toString());
        }
        return promtool(command.toArray(String[]::new));
    }

    static DeployRepo.Result promtool(String... args) {
        List<String> command = new ArrayList<>(List.of(DeployRepo.promtool().toString()));
        command.addAll(List.of(args));
        return DeployRepo.run(DeployRepo.path("deploy/prometheus"), Duration.ofSeconds(60), command.toArray(String[]::new));
    }

    private static List<String> testFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> list = files.filter(f -> f.toString().endsWith(".yml")).map(Path::toString).sorted().toList();
            assertThat(list).as("unit test files in %s", dir).isNotEmpty();
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
