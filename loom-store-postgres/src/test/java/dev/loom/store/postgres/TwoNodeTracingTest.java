package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.partition.Partitioner;
import dev.loom.runtime.Loom;
import dev.loom.trace.LoomSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, each exporting its own spans: a message sent on node A to an actor of A's, whose
 * turn sends to an actor of node B's, is one trace, and B's turn is the child of the send span A recorded. The
 * link crosses nodes only through the traceparent stored with the message.
 */
class TwoNodeTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 8;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "tracing_" + ProcessHandle.current().pid() + "_" + System.nanoTime();

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A hop to {@code relay/<next>}, which stops there when {@code next} is empty. */
    public record Hop(String next) {
    }

    /** How many hops a relay handled. */
    public record Hops(int count) {
    }

    private static ActorType<Hops, Hop> relay() {
        return ActorType.builder("relay", Hops.class, Hop.class).initialState(new Hops(0))
                .handler((ctx, s, hop) -> {
                    if (!hop.next().isEmpty()) {
                        ctx.send(ActorRef.of("relay", hop.next()), new Hop(""));
                    }
                    return new Hops(s.count() + 1);
                }).build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        pg.dropSchema(schema);
    }

    private Loom node(String id, InMemorySpanExporter spans) {
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(3).withPartitions(PARTITIONS));
        open.add(store);
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        open.add(provider);
        Loom loom = Loom.builder().store(store).actor(relay()).nodeId(id).leaseTtl(Duration.ofMillis(900))
                .pollInterval(Duration.ofMillis(20)).drainTimeout(Duration.ofSeconds(5))
                .openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(provider).build())
                .build().start();
        open.add(() -> loom.shutdown(Duration.ofSeconds(5)));
        return loom;
    }

    @Test
    void aChainAcrossTwoNodesIsOneTraceLinkedParentToChild() {
        InMemorySpanExporter spansA = InMemorySpanExporter.create();
        InMemorySpanExporter spansB = InMemorySpanExporter.create();
        Loom a = node("node-a", spansA);
        Loom b = node("node-b", spansB);
        await().atMost(WAIT).until(() -> a.heldPartitions().size() == PARTITIONS / 2
                && b.heldPartitions().size() == PARTITIONS / 2);

        String onA = idHeldBy(a.heldPartitions(), "first");
        String onB = idHeldBy(b.heldPartitions(), "second");
        a.send(ActorRef.of("relay", onA), new Hop(onB));
        await().atMost(WAIT).until(() -> spansB.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("turn relay")));

        SpanData clientSend = one(spansA, "send relay", onA);
        SpanData turnA = one(spansA, "turn relay", onA);
        SpanData turnSend = one(spansA, "send relay", onB);
        SpanData turnB = one(spansB, "turn relay", onB);
        assertThat(spansB.getFinishedSpanItems()).as("node B recorded only the turn it ran").hasSize(1);
        assertThat(List.of(turnA, turnSend, turnB)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(clientSend.getTraceId()));
        assertThat(turnA.getParentSpanId()).isEqualTo(clientSend.getSpanId());
        assertThat(turnSend.getParentSpanId()).isEqualTo(turnA.getSpanId());
        assertThat(turnB.getParentSpanId()).isEqualTo(turnSend.getSpanId());
        assertThat(turnB.getParentSpanContext().isRemote()).isTrue();
        assertThat(turnA.getAttributes().get(AttributeKey.stringKey(LoomSpans.NODE))).isEqualTo("node-a");
        assertThat(turnB.getAttributes().get(AttributeKey.stringKey(LoomSpans.NODE))).isEqualTo("node-b");
        assertThat(turnB.getAttributes().get(AttributeKey.stringKey(LoomSpans.OUTCOME))).isEqualTo("committed");
    }

    /** An actor id in one of {@code held}. */
    private static String idHeldBy(Set<Integer> held, String prefix) {
        return IntStream.range(0, 10_000).mapToObj(i -> prefix + "-" + i)
                .filter(id -> held.contains(Partitioner.partitionOf(ActorRef.of("relay", id), PARTITIONS)))
                .findFirst().orElseThrow();
    }

    private static SpanData one(InMemorySpanExporter spans, String name, String actorId) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)
                && actorId.equals(s.getAttributes().get(AttributeKey.stringKey(LoomSpans.ACTOR_ID)))).toList();
        assertThat(found).as("%s of %s among %s", name, actorId, spans.getFinishedSpanItems()).hasSize(1);
        return found.getFirst();
    }
}
