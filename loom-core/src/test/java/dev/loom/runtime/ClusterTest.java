package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Lease;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes share partitions evenly, a crashed node's partitions are taken over, and a graceful stop hands them back. */
class ClusterTest {
    private final InMemoryStore store = new InMemoryStore(16);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void twoNodesSplitThePartitionsAndBothDeliver() {
        Loom a = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("a"));
        assertThat(a.heldPartitions()).hasSize(16);
        Loom b = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("b"));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.heldPartitions().size() == 8 && b.heldPartitions().size() == 8);
        Set<Integer> union = new HashSet<>(a.heldPartitions());
        union.addAll(b.heldPartitions());
        assertThat(union).hasSize(16);

        IntStream.range(0, 40).forEach(i -> a.send(ActorRef.of("tally", "k" + i), new Add(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, 40)
                .allMatch(i -> a.state(ActorRef.of("tally", "k" + i)).seq() == 1));
        assertThat(store.leases().all()).extracting(Lease::holder).containsOnly("a", "b");
    }

    @Test
    void aCrashedNodesPartitionsAreTakenOverAfterTheirLeasesExpire() {
        Loom a = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("a"));
        ActorRef x = ActorRef.of("tally", "x");
        a.send(x, new Add(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.state(x).seq() == 1);
        a.halt();
        Loom b = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("b"));
        b.send(x, new Add(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.heldPartitions().size() == 16);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.state(x).seq() == 2);
        assertThat(b.state(x).as(TestActors.Tally.class).seen()).containsExactly(1L, 2L);
    }

    @Test
    void gracefulShutdownReleasesLeasesSoTheNextNodeStartsAtOnce() {
        Loom a = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("a").leaseTtl(Duration.ofMinutes(5)));
        a.send(ActorRef.of("tally", "y"), new Add(1));
        assertThat(a.shutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(store.leases().members(java.time.Instant.now())).isEmpty();
        Loom b = nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("b").leaseTtl(Duration.ofMinutes(5)));
        assertThat(b.heldPartitions()).hasSize(16);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.state(ActorRef.of("tally", "y")).seq() == 1);
    }

    @Test
    void aNodeThatLostItsLeaseCannotCommit() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        record Slow(int n) {
        }
        record S(int n) {
        }
        var slow = dev.loom.actor.ActorType.builder("slow", S.class, Slow.class).initialState(new S(0))
                .handler((ctx, s, m) -> {
                    if (ctx.attempt() == 1 && ctx.seq() == 1) {
                        entered.countDown();
                        release.await();
                    }
                    return new S(s.n() + m.n());
                }).build();
        Loom a = nodes.start(nodes.builder(store, slow).nodeId("a"));
        ActorRef s = ActorRef.of("slow", "s");
        a.send(s, new Slow(1));
        assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int p = dev.loom.partition.Partitioner.partitionOf(s, store.partitions());
        // a's turn is stuck (a paused node) past its lease's expiry, and another node takes the partition over
        java.time.Instant later = java.time.Instant.now().plus(Duration.ofMinutes(1));
        Lease taken = store.leases().acquire(p, "intruder", Duration.ofMinutes(5), later).orElseThrow();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.heldPartitions().contains(p));
        assertThat(store.journal().lastSeq(s)).isZero();
        assertThat(store.messages().forActor(s, 10)).hasSize(1);
        assertThat(taken.epoch()).isGreaterThan(0);
    }
}
