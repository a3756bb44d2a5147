package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/grafana/dashboards/loom-overview.json}: a Grafana dashboard of the schema Grafana 11 reads, with
 * unique panel ids, every query on the dashboard's Prometheus data source variable, every query valid PromQL
 * ({@code promtool} checks each, its Grafana variables replaced), and every metric and label it reads in a real
 * server's {@code /metrics}; the overview covers what docs/RUNBOOK.md 3 asks to watch.
 */
class DeployDashboardTest {
    static final Path FILE = DeployRepo.path("deploy/grafana/dashboards/loom-overview.json");
    /** Grafana's built-in interval variables, and what stands for them when promtool checks a query. */
    private static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "5m", "__interval", "1m", "__range", "1h");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    static JsonNode dashboard;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(FILE.toFile());
    }

    @Test
    void isAGrafanaDashboardOfTheCurrentSchema() {
        assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion (Grafana 11 writes 39 to 40)").isBetween(39, 41);
        assertThat(dashboard.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("refresh").isTextual()).as("refresh is a string").isTrue();
        assertThat(dashboard.has("id") && !dashboard.get("id").isNull()).as("no instance-local id").isFalse();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode p : panels()) {
            ids.add(p.path("id").asInt());
            assertThat(p.path("type").asText()).as("panel %s type", p.path("id")).isIn("row", "timeseries", "stat");
            JsonNode pos = p.path("gridPos");
            assertThat(pos.path("w").asInt()).as("panel %s width", p.path("id")).isBetween(1, 24);
            assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("panel %s fits the 24 columns", p.path("id")).isLessThanOrEqualTo(24);
            assertThat(pos.path("h").asInt()).isPositive();
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("title").asText()).isNotBlank();
                assertThat(p.path("targets")).as("panel %s queries", p.path("title")).isNotEmpty();
            }
        }
        assertThat(ids).as("panel ids").doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
    }

    @Test
    void everyQueryUsesThePrometheusDataSourceVariableAndOnlyDefinedVariables() {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
        JsonNode ds = variables.get("datasource");
        assertThat(ds).as("a data source variable").isNotNull();
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        JsonNode provisioned = DeployRepo.yaml(DeployRepo.path("deploy/grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        assertThat(provisioned.path("type").asText()).as("the provisioned data source is one the variable offers").isEqualTo("prometheus");
        for (JsonNode p : panels()) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertDataSource(p.path("datasource"), "panel " + p.path("title").asText());
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                assertDataSource(t.path("datasource"), "panel " + p.path("title").asText());
                assertThat(refIds.add(t.path("refId").asText())).as("refId %s unique in %s", t.path("refId"), p.path("title")).isTrue();
                Matcher m = VARIABLE.matcher(t.path("expr").asText());
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    assertThat(BUILT_INS.containsKey(name) || variables.containsKey(name))
                            .as("%s: variable $%s is defined", p.path("title").asText(), name).isTrue();
                }
            }
        }
    }

    @Test
    void promtoolAcceptsEveryQuery() throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        Map<String, String> queries = queries();
        int i = 0;
        for (Map.Entry<String, String> q : queries.entrySet()) {
            rules.append("      - record: dashboard:query_").append(i++).append('\n')
                    .append("        expr: ").append(DeployRepo.YAML.writeValueAsString(concrete(q.getValue())).replaceFirst("^---\\s*", "").strip()).append('\n');
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        DeployRepo.Result check = DeployAlertRulesTest.promtool("check", "rules", file.toString());
        assertThat(check.exit()).as("promtool check rules on the dashboard's %d queries: %s %s\n%s", queries.size(),
                check.out(), check.err(), rules).isZero();
        assertThat(check.out()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void everyMetricAndLabelTheQueriesReadIsInARealServersMetrics() {
        Exposition metrics = ScrapedMetrics.exposition();
        List<String> problems = new ArrayList<>();
        queries().forEach((where, expr) -> problems.addAll(metrics.problems(where, concrete(expr))));
        assertThat(problems).isEmpty();
    }

    /** The overview of the issue: requests, errors, latency, outcomes, queues, DLQ, breakers, partitions, JVM, store. */
    @Test
    void theOverviewShowsWhatTheRunbookWatches() {
        Set<String> read = new LinkedHashSet<>();
        queries().values().forEach(q -> read.addAll(PromQl.reads(concrete(q)).metricNames()));
        assertThat(read).contains(
                "http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "loom_messages_total", "loom_turn_duration_seconds_bucket",
                "loom_queue_depth", "loom_queue_oldest_age_seconds", "loom_dead_letters",
                "resilience4j_circuitbreaker_state", "loom_partitions_held", "loom_partitions",
                "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_gc_pause_seconds_sum", "process_cpu_usage",
                "loom_store_commit_duration_seconds_bucket", "loom_store_commit_batch_bucket",
                "loom_cache_requests_total");
        String all = String.join("\n", queries().values());
        for (String q : List.of("0.5", "0.95", "0.99")) {
            assertThat(all).as("HTTP latency quantile %s", q)
                    .contains("histogram_quantile(" + q + ", sum by (le) (rate(http_server_requests_seconds_bucket");
        }
    }

    private static void assertDataSource(JsonNode ds, String where) {
        assertThat(ds.path("type").asText()).as("%s data source type", where).isEqualTo("prometheus");
        assertThat(ds.path("uid").asText()).as("%s data source", where).isEqualTo("${datasource}");
    }

    /** A query with Grafana's variables replaced: built-in intervals by a duration, the dashboard's by {@code .*}. */
    static String concrete(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(BUILT_INS.getOrDefault(name, ".*")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every panel, those inside collapsed rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            all.add(p);
            p.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Every PromQL query of the dashboard, panels' and variables' ({@code label_values(metric, label)}), by where it is. */
    static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode p : panels()) {
            for (JsonNode t : p.path("targets")) {
                queries.put("panel '" + p.path("title").asText() + "' " + t.path("refId").asText(), t.path("expr").asText());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*\\w+\\)");
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                Matcher m = labelValues.matcher(v.path("query").path("query").asText());
                assertThat(m.matches()).as("variable %s is label_values(metric, label)", v.path("name")).isTrue();
                queries.put("variable " + v.path("name").asText(), m.group(1));
            }
        }
        return queries;
    }
}
