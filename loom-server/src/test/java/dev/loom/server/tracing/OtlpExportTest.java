package dev.loom.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.server.LoomServer;
import dev.loom.testing.TestServers;
import dev.loom.trace.LoomSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server configured by the standard OTEL_* variables exports its spans over OTLP/HTTP to a real receiver: an HTTP
 * request carrying a traceparent, the send it makes, the {@code order} turn, the withdrawal that turn sends, the
 * {@code account} turn and its durable step arrive as one trace of parents and children.
 */
class OtlpExportTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRequestAndTheChainOfTurnsItCausesArriveAsOneTrace() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
             LoomServer server = TestServers.sqlite(dir, Map.of(
                     "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                     "OTEL_SERVICE_NAME", "loom-otlp-test",
                     "OTEL_BSP_SCHEDULE_DELAY", "50"))) {
            String base = "http://127.0.0.1:" + server.port();
            post(base + "/api/actors/account/acc-t/messages", "{\"type\":\"Deposit\",\"payload\":{\"amount\":100}}", null);
            post(base + "/api/actors/order/o-1/messages", "{\"type\":\"Place\",\"payload\":{\"account\":\"acc-t\",\"amount\":30}}",
                    "00-" + TRACE + "-" + CALLER_SPAN + "-01");
            // The account turn's span ends after its step's (at the commit), so it can arrive in a later export batch.
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans().stream()
                    .filter(s -> s.traceId().equals(TRACE))
                    .map(OtlpReceiver.ReceivedSpan::name)
                    .toList().containsAll(List.of("step charge", "turn account")));
            assertThat(receiver.problems()).isEmpty();

            List<OtlpReceiver.ReceivedSpan> trace = receiver.spans().stream().filter(s -> s.traceId().equals(TRACE)).toList();
            OtlpReceiver.ReceivedSpan request = one(trace, s -> s.name().equals("POST /api/actors/{type}/{id}/messages"));
            OtlpReceiver.ReceivedSpan send = one(trace, s -> s.name().equals("send order"));
            OtlpReceiver.ReceivedSpan orderTurn = one(trace, s -> s.name().equals("turn order"));
            OtlpReceiver.ReceivedSpan withdraw = one(trace, s -> s.name().equals("send account"));
            OtlpReceiver.ReceivedSpan accountTurn = one(trace, s -> s.name().equals("turn account"));
            OtlpReceiver.ReceivedSpan step = one(trace, s -> s.name().equals("step charge"));

            assertThat(request.parentSpanId()).isEqualTo(CALLER_SPAN);
            assertThat(request.kind()).as("SPAN_KIND_SERVER").isEqualTo(2);
            assertThat(request.attr("http.route")).isEqualTo("/api/actors/{type}/{id}/messages");
            assertThat(request.attr("http.response.status_code")).isEqualTo("202");
            assertThat(send.parentSpanId()).isEqualTo(request.spanId());
            assertThat(orderTurn.parentSpanId()).isEqualTo(send.spanId());
            assertThat(withdraw.parentSpanId()).isEqualTo(orderTurn.spanId());
            assertThat(accountTurn.parentSpanId()).isEqualTo(withdraw.spanId());
            assertThat(step.parentSpanId()).isEqualTo(accountTurn.spanId());

            assertThat(orderTurn.attr(LoomSpans.ACTOR_TYPE)).isEqualTo("order");
            assertThat(orderTurn.attr(LoomSpans.ACTOR_ID)).isEqualTo("o-1");
            assertThat(orderTurn.attr(LoomSpans.MESSAGE_TYPE)).isEqualTo("Place");
            assertThat(orderTurn.attr(LoomSpans.SEQ)).isEqualTo("1");
            assertThat(orderTurn.attr(LoomSpans.ATTEMPT)).isEqualTo("1");
            assertThat(orderTurn.attr(LoomSpans.OUTCOME)).isEqualTo("committed");
            assertThat(accountTurn.attr(LoomSpans.MESSAGE_TYPE)).isEqualTo("Withdraw");
            assertThat(accountTurn.attr(LoomSpans.SEQ)).isEqualTo("2");
            assertThat(accountTurn.resource()).containsEntry("service.name", "loom-otlp-test");
        }
    }

    private void post(String url, String body, String traceparent) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServers.WRITER).POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            b.header("traceparent", traceparent);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static OtlpReceiver.ReceivedSpan one(List<OtlpReceiver.ReceivedSpan> spans, Predicate<OtlpReceiver.ReceivedSpan> p) {
        List<OtlpReceiver.ReceivedSpan> found = spans.stream().filter(p).toList();
        assertThat(found).as("among %s", spans.stream().map(OtlpReceiver.ReceivedSpan::name).toList()).hasSize(1);
        return found.getFirst();
    }
}
