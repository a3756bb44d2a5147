package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.partition.Partitioner;
import dev.loom.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose lease has less than the safety margin left, by its monotonic clock (here a hand-driven one), starts
 * neither a turn nor a durable step: a node paused past its lease does not run the side effect that the partition's
 * new holder runs too.
 */
class LeaseSafetyMarginTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final InMemoryStore store = new InMemoryStore(4);
    private final Nodes nodes = new Nodes();
    private final AtomicLong monotonic = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    record Pay(long amount) {
    }

    record Paid(long total) {
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private Loom node(ActorType<Paid, Pay> type) {
        return nodes.start(nodes.builder(store, type).nodeId("a").leaseTtl(TTL).monotonicClock(monotonic::get)
                .meterRegistry(meters));
    }

    /** The intruder takes the partition over as another node would once the paused node's lease expired. */
    private void takeOver(ActorRef ref) {
        int p = Partitioner.partitionOf(ref, store.partitions());
        store.leases().acquire(p, "intruder", Duration.ofMinutes(5), Instant.now().plus(TTL).plusSeconds(1)).orElseThrow();
    }

    @Test
    void aStepAfterAPausePastTheLeaseIsNotRunAndThePartitionIsDropped() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicInteger charges = new AtomicInteger();
        ActorType<Paid, Pay> payer = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0))
                .handler((ctx, s, m) -> {
                    entered.countDown();
                    resume.await();
                    ctx.run("charge", charges::incrementAndGet);
                    return new Paid(s.total() + m.amount());
                }).build();
        Loom a = node(payer);
        ActorRef ref = ActorRef.of("payer", "p");
        int p = Partitioner.partitionOf(ref, store.partitions());
        a.send(ref, new Pay(10));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        // the process "pauses" inside the turn for longer than the TTL; meanwhile the partition is taken over
        takeOver(ref);
        monotonic.addAndGet(TTL.plusSeconds(1).toNanos());
        resume.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> !a.heldPartitions().contains(p));
        assertThat(charges.get()).as("the step's side effect after the pause").isZero();
        assertThat(store.journal().lastSeq(ref)).isZero();
        assertThat(store.messages().forActor(ref, 10)).as("left for the new holder").hasSize(1);
        assertThat(meters.counter("loom.lease.margin.waits").count()).isPositive();
    }

    @Test
    void aTurnIsNotStartedUnderTheMarginAndStartsOnceTheLeaseIsRenewed() {
        AtomicInteger handled = new AtomicInteger();
        ActorType<Paid, Pay> payer = ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0))
                .handler((ctx, s, m) -> {
                    handled.incrementAndGet();
                    return new Paid(s.total() + m.amount());
                }).build();
        Loom a = node(payer);
        ActorRef ref = ActorRef.of("payer", "q");
        a.send(ref, new Pay(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.journal().lastSeq(ref) == 1);

        // 25 s of the 30 s lease spent by the node's clock: 5 s left, under the default margin of 10 s
        monotonic.addAndGet(Duration.ofSeconds(25).toNanos());
        a.send(ref, new Pay(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("loom.lease.margin.waits").count() >= 1);
        assertThat(handled.get()).as("the second turn waits for a renewal").isEqualTo(1);
        assertThat(store.journal().lastSeq(ref)).isEqualTo(1);

        // the next lease round (every TTL/3 of real time) renews the lease from the clock's current reading
        await().atMost(Duration.ofSeconds(20)).until(() -> store.journal().lastSeq(ref) == 2);
        assertThat(handled.get()).isEqualTo(2);
        assertThat(a.state(ref).as(Paid.class).total()).isEqualTo(3);
    }

    @Test
    void aMarginNotBelowTheTtlIsRefused() {
        LoomBuilder b = nodes.builder(store, ActorType.builder("payer", Paid.class, Pay.class).initialState(new Paid(0))
                .handler((ctx, s, m) -> s).build()).leaseTtl(Duration.ofSeconds(3)).leaseSafetyMargin(Duration.ofSeconds(3));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below leaseTtl");
        assertThatThrownBy(() -> b.leaseSafetyMargin(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
