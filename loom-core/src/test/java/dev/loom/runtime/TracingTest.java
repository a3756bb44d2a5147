package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.store.memory.InMemoryStore;
import dev.loom.trace.LoomSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The spans of sends, turns, durable steps and timers, their parent/child structure, and trace ids in the MDC. */
class TracingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
        provider.close();
    }

    private Loom start(ActorType<?, ?>... types) {
        return nodes.start(nodes.builder(store, types).openTelemetry(otel).nodeId("node-t"));
    }

    @Test
    void sendTurnSendTurnIsOneTraceOfParentsAndChildren() {
        Loom loom = start(TestActors.tally(probe));
        Span request = otel.getTracer("test").spanBuilder("request").startSpan();
        try (Scope s = request.makeCurrent()) {
            loom.send(ActorRef.of("tally", "a"), new TestActors.Forward("b", 3));
        } finally {
            request.end();
        }
        await().atMost(WAIT).until(() -> loom.state(ActorRef.of("tally", "b")).seq() == 1);
        SpanData turnB = awaitSpan(s -> s.getName().equals("turn tally") && "b".equals(attr(s, LoomSpans.ACTOR_ID)));

        SpanData clientSend = one(s -> s.getName().equals("send tally") && "a".equals(attr(s, LoomSpans.ACTOR_ID)));
        SpanData turnA = one(s -> s.getName().equals("turn tally") && "a".equals(attr(s, LoomSpans.ACTOR_ID)));
        SpanData turnSend = one(s -> s.getName().equals("send tally") && "b".equals(attr(s, LoomSpans.ACTOR_ID)));
        String trace = request.getSpanContext().getTraceId();
        assertThat(List.of(clientSend, turnA, turnSend, turnB)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(trace));
        assertThat(clientSend.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(clientSend.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(turnA.getParentSpanId()).isEqualTo(clientSend.getSpanId());
        assertThat(turnA.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(turnSend.getParentSpanId()).isEqualTo(turnA.getSpanId());
        assertThat(turnB.getParentSpanId()).isEqualTo(turnSend.getSpanId());

        assertThat(attr(turnA, LoomSpans.ACTOR_TYPE)).isEqualTo("tally");
        assertThat(attr(turnA, LoomSpans.MESSAGE_TYPE)).isEqualTo("Forward");
        assertThat(attr(turnB, LoomSpans.MESSAGE_TYPE)).isEqualTo("Add");
        assertThat(longAttr(turnA, LoomSpans.SEQ)).isEqualTo(1L);
        assertThat(longAttr(turnA, LoomSpans.ATTEMPT)).isEqualTo(1L);
        assertThat(attr(turnA, LoomSpans.OUTCOME)).isEqualTo("committed");
        assertThat(attr(turnA, LoomSpans.NODE)).isEqualTo("node-t");
        assertThat(turnSend.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

        // The journal points at the turn span, so a committed entry leads to its trace and span.
        String journalTp = loom.journal(ActorRef.of("tally", "a"), 1, 1).getFirst().traceparent();
        assertThat(journalTp).startsWith("00-" + trace + "-" + turnA.getSpanId() + "-");
    }

    @Test
    void anExplicitTraceparentOfAnotherTraceIsContinued() {
        Loom loom = start(TestActors.tally(probe));
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        loom.send(ActorRef.of("tally", "x"), new TestActors.Add(1), SendOptions.none().withTraceparent(parent));
        SpanData turn = awaitSpan(s -> s.getName().equals("turn tally"));
        SpanData send = one(s -> s.getName().equals("send tally"));
        assertThat(send.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(send.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(turn.getParentSpanId()).isEqualTo(send.getSpanId());
    }

    @Test
    void everyAttemptIsATurnSpanUnderTheSameSendWithItsOutcome() {
        Loom loom = start(TestActors.tally(probe));
        loom.send(ActorRef.of("tally", "f"), new TestActors.FailTimes(1, 5));
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("turn tally")).count() == 2);
        SpanData send = one(s -> s.getName().equals("send tally"));
        SpanData first = one(s -> s.getName().equals("turn tally") && longAttr(s, LoomSpans.ATTEMPT) == 1L);
        SpanData second = one(s -> s.getName().equals("turn tally") && longAttr(s, LoomSpans.ATTEMPT) == 2L);
        assertThat(first.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(second.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(attr(first, LoomSpans.OUTCOME)).isEqualTo("retried");
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        assertThat(attr(second, LoomSpans.OUTCOME)).isEqualTo("committed");
    }

    @Test
    void durableStepsAreChildrenOfTheirTurnAndReplayedStepsSaySo() {
        Loom loom = start(TestActors.tally(probe));
        loom.send(ActorRef.of("tally", "s"), new TestActors.Step(List.of("charge"), true));
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("turn tally")).count() == 2);
        SpanData first = one(s -> s.getName().equals("turn tally") && longAttr(s, LoomSpans.ATTEMPT) == 1L);
        SpanData second = one(s -> s.getName().equals("turn tally") && longAttr(s, LoomSpans.ATTEMPT) == 2L);
        SpanData ran = one(s -> s.getName().equals("step charge") && s.getParentSpanId().equals(first.getSpanId()));
        SpanData replayed = one(s -> s.getName().equals("step charge") && s.getParentSpanId().equals(second.getSpanId()));
        assertThat(ran.getAttributes().get(AttributeKey.booleanKey(LoomSpans.STEP_REPLAYED))).isFalse();
        assertThat(replayed.getAttributes().get(AttributeKey.booleanKey(LoomSpans.STEP_REPLAYED))).isTrue();
        assertThat(longAttr(ran, LoomSpans.STEP_INDEX)).isZero();
        assertThat(probe.stepRuns).containsExactly("charge");
    }

    @Test
    void aTimerFiresUnderTheSendThatScheduledItAndItsTurnUnderTheFire() {
        Loom loom = start(TestActors.tally(probe));
        loom.send(ActorRef.of("tally", "t"), new TestActors.Later(20, 4));
        await().atMost(WAIT).until(() -> loom.state(ActorRef.of("tally", "t")).seq() == 2);
        SpanData later = awaitSpan(s -> s.getName().equals("turn tally") && "Later".equals(attr(s, LoomSpans.MESSAGE_TYPE)));
        SpanData add = awaitSpan(s -> s.getName().equals("turn tally") && "Add".equals(attr(s, LoomSpans.MESSAGE_TYPE)));
        SpanData scheduled = one(s -> s.getName().equals("send tally") && s.getParentSpanId().equals(later.getSpanId()));
        SpanData fire = one(s -> s.getName().equals("timer tally"));
        assertThat(attr(scheduled, LoomSpans.DELIVER_AT)).isNotNull();
        assertThat(fire.getParentSpanId()).isEqualTo(scheduled.getSpanId());
        assertThat(add.getParentSpanId()).isEqualTo(fire.getSpanId());
        assertThat(add.getTraceId()).isEqualTo(later.getTraceId());
    }

    /** The MDC a handler sees, by message id. */
    private static final Map<String, String> SEEN_MDC = new ConcurrentHashMap<>();

    private static ActorType<TestActors.Tally, TestActors.TallyMsg> mdcRecorder() {
        return ActorType.builder("mdc", TestActors.Tally.class, TestActors.TallyMsg.class)
                .initialState(new TestActors.Tally(0, List.of()))
                .handler((ctx, s, m) -> {
                    SEEN_MDC.put(ctx.messageId(), MDC.get("trace_id") + "/" + MDC.get("span_id"));
                    return s;
                }).build();
    }

    @Test
    void logLinesOfATurnCarryItsTraceAndSpanIds() {
        Loom loom = start(mdcRecorder());
        String id = loom.send(ActorRef.of("mdc", "m"), new TestActors.Add(1)).messageId();
        SpanData turn = awaitSpan(s -> s.getName().equals("turn mdc"));
        assertThat(SEEN_MDC.get(id)).isEqualTo(turn.getTraceId() + "/" + turn.getSpanId());
    }

    @Test
    void withTracingOffLogLinesCarryTheMessagesTraceAndNoSpansAreMade() {
        Loom loom = nodes.start(nodes.builder(store, mdcRecorder()));
        String id = loom.send(ActorRef.of("mdc", "off"), new TestActors.Add(1)).messageId();
        await().atMost(WAIT).until(() -> loom.state(ActorRef.of("mdc", "off")).seq() == 1);
        String tp = loom.journal(ActorRef.of("mdc", "off"), 1, 1).getFirst().traceparent();
        assertThat(SEEN_MDC.get(id)).isEqualTo(tp.substring(3, 35) + "/" + tp.substring(36, 52));
        assertThat(new Tracing(OpenTelemetry.noop(), "n").enabled()).isFalse();
        assertThat(new Tracing(otel, "n").enabled()).isTrue();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(MDC.get("trace_id")).isNull();
    }

    private SpanData awaitSpan(Predicate<SpanData> p) {
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream().anyMatch(p));
        return one(p);
    }

    private SpanData one(Predicate<SpanData> p) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(p).toList();
        assertThat(found).as("spans matching among %s", names()).hasSize(1);
        return found.getFirst();
    }

    private List<String> names() {
        return spans.getFinishedSpanItems().stream().map(s -> s.getName() + " " + s.getAttributes()).toList();
    }

    private static String attr(SpanData s, String key) {
        return s.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static Long longAttr(SpanData s, String key) {
        Long v = s.getAttributes().get(AttributeKey.longKey(key));
        return v == null ? -1L : v;
    }
}
