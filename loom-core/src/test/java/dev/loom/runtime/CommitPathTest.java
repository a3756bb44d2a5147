package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.actor.SendOptions;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.store.memory.InMemoryStore;
import dev.loom.trace.TraceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit batches many actors' turns; traces continue; unserializable states fail with a clear error. */
class CommitPathTest {
    private final InMemoryStore store = new InMemoryStore(16);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void turnsOfManyActorsShareCommits() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).meterRegistry(meters));
        IntStream.range(0, 2000).parallel().forEach(i -> loom.send(ActorRef.of("tally", "g" + (i % 200)), new TestActors.Add(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> meters.get("loom.messages").tag("outcome", "committed")
                .counter().count() == 2000);
        var batches = meters.get("loom.store.commit.batch").summary();
        assertThat(batches.max()).isGreaterThan(1);
        assertThat(batches.count()).isLessThan(2000);
        assertThat(meters.get("loom.messages.accepted").tag("actor_type", "tally").counter().count()).isEqualTo(2000);
    }

    @Test
    void aTurnContinuesTheSendersTrace() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        ActorRef a = ActorRef.of("tally", "traced");
        loom.send(a, new TestActors.Forward("traced-child", 1), SendOptions.none().withTraceparent(parent));
        ActorRef child = ActorRef.of("tally", "traced-child");
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.state(child).seq() == 1);
        String first = loom.journal(a, 1, 1).getFirst().traceparent();
        String second = loom.journal(child, 1, 1).getFirst().traceparent();
        assertThat(TraceContext.traceId(first)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceContext.traceId(second)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(first).isNotEqualTo(parent).isNotEqualTo(second);
    }

    /** A state with a field Jackson cannot write. */
    record Holder(Object payload) {
    }

    record Put() {
    }

    static final class Unwritable {
        public int getValue() {
            throw new IllegalStateException("no");
        }
    }

    @Test
    void aStateThatCannotBeSerializedFailsTheTurnNamingTypeAndField() {
        ActorType<Holder, Put> bad = ActorType.builder("holder", Holder.class, Put.class)
                .initialState(new Holder("ok"))
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1))
                .handler((ctx, s, m) -> new Holder(new Unwritable())).build();
        Loom loom = nodes.start(store, bad);
        loom.send(ActorRef.of("holder", "h"), new Put());
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        var dl = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(dl.error().type()).isEqualTo(dev.loom.json.SerializationException.class.getName());
        assertThat(dl.error().message()).contains("Holder").contains("payload.value");
        assertThat(loom.state(ActorRef.of("holder", "h")).seq()).isZero();
    }
}
