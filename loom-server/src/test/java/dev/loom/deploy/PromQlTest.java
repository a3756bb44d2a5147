package dev.loom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric names, matchers and grouping labels {@link PromQl} finds, on the kinds of expression the rules and the dashboard use. */
class PromQlTest {
    @Test
    void bareVectorsSelectorsAndRangesAreMetricsFunctionsAndAggregationsAreNot() {
        PromQl.Reads r = PromQl.reads("max(loom_partitions) - sum(loom_partitions_held) > 0");
        assertThat(r.metricNames()).containsExactly("loom_partitions", "loom_partitions_held");

        r = PromQl.reads("histogram_quantile(0.95, sum by (le, actor_type) (rate(loom_turn_duration_seconds_bucket[5m]))) > 2");
        assertThat(r.metricNames()).containsExactly("loom_turn_duration_seconds_bucket");
        assertThat(r.groupingLabels()).containsExactly("le", "actor_type");

        r = PromQl.reads("sum without (instance) (rate(x_total[5m] offset 1h)) / on (job) group_left (name) y > bool 1");
        assertThat(r.metricNames()).containsExactly("x_total", "y");
        assertThat(r.groupingLabels()).containsExactly("instance", "job", "name");

        r = PromQl.reads("count_values(\"v\", topk(5, a:recorded)) or vector(1) unless Inf and NaN");
        assertThat(r.metricNames()).containsExactly("a:recorded");
    }

    @Test
    void matchersAreReadWithTheirOperatorAndBracesInsideStringsAreNotSelectors() {
        PromQl.Reads r = PromQl.reads(
                "sum(rate(http_server_requests_seconds_count{route=\"/api/actors/{type}/{id}\", status=\"5xx\"}[5m]))"
                        + " / up{job!=\"x\",state=~\"open|forced_open\"} == 0");
        assertThat(r.selectors()).containsExactly(
                new PromQl.Selector("http_server_requests_seconds_count",
                        Map.of("route", "=\"/api/actors/{type}/{id}\"", "status", "=\"5xx\"")),
                new PromQl.Selector("up", Map.of("job", "!=\"x\"", "state", "=~\"open|forced_open\"")));
        assertThat(PromQl.reads("{__name__=\"loom_dead_letters\", instance=\"a\"} > 1e3").selectors())
                .containsExactly(new PromQl.Selector("loom_dead_letters", Map.of("instance", "=\"a\"")));
        assertThat(PromQl.reads("label_replace(m, \"dst\", \"$1\", \"src\", \"(.*)\")").metricNames()).containsExactly("m");
    }
}
