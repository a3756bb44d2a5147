package dev.loom.runtime;

import static dev.loom.runtime.TestActors.Add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The active-actor pool passivates idle actors (timeout and LRU bound) without losing state; stats, clear, warm. */
class PassivationTest {
    private final InMemoryStore store = new InMemoryStore(4);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void thePoolStaysWithinItsBoundAndPassivatedActorsKeepTheirState() {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).maxActiveActors(10));
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < 30; i++) {
                loom.send(ActorRef.of("tally", "p" + i), new Add(i));
            }
            int r = round;
            await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, 30)
                    .allMatch(i -> store.journal().lastSeq(ActorRef.of("tally", "p" + i)) == r));
            await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() <= 10);
        }
        for (int i = 0; i < 30; i++) {
            assertThat(loom.state(ActorRef.of("tally", "p" + i)).as(TestActors.Tally.class).sum()).isEqualTo(2L * i);
        }
        CacheStats stats = loom.cacheStats();
        assertThat(stats.capacity()).isEqualTo(10);
        // round 1 activates 30; at most 10 stay active into round 2, which activates at least 20 more;
        // the pool ends with at most 10, so at least 50 - 10 were passivated
        assertThat(stats.misses()).isGreaterThanOrEqualTo(50);
        assertThat(stats.evictions()).isGreaterThanOrEqualTo(stats.misses() - 10);
        assertThat(stats.hitRate()).isBetween(0.0, 1.0);
    }

    @Test
    void idleActorsArePassivatedAfterTheTimeout() {
        Loom loom = nodes.start(nodes.builder(store, TestActors.tally(probe)).passivateAfter(Duration.ofMillis(200)));
        loom.send(ActorRef.of("tally", "idle"), new Add(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 0);
        assertThat(loom.state(ActorRef.of("tally", "idle")).seq()).isEqualTo(1);
    }

    /** The idle sweep stops early in access order; an actor of a shorter-timeout type behind a longer one still goes. */
    @Test
    void eachTypesOwnIdleTimeoutIsHonouredWhateverTheAccessOrder() {
        var keeper = TestActors.tally("keeper", probe, TestActors.FAST_RETRY, 1000, false)
                .withPolicies(TestActors.FAST_RETRY, 1000, false, Duration.ofMinutes(10));
        var brief = TestActors.tally("brief", probe, TestActors.FAST_RETRY, 1000, false)
                .withPolicies(TestActors.FAST_RETRY, 1000, false, Duration.ofMillis(200));
        Loom loom = nodes.start(nodes.builder(store, keeper, brief));
        loom.send(ActorRef.of("keeper", "k"), new Add(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 1 && loom.inFlightTurns() == 0);
        loom.send(ActorRef.of("brief", "b"), new Add(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 1);
        assertThat(loom.clearCache("keeper/*")).as("the long-timeout actor was still active").isEqualTo(1);
    }

    /** A type that passivates at a state leaves memory right after the turn that reached it, and comes back whole. */
    @Test
    void anActorLeavesMemoryAsSoonAsItsTypePassivatesItsState() {
        ActorType<TestActors.Tally, TestActors.TallyMsg> base = TestActors.tally(probe);
        ActorType<TestActors.Tally, TestActors.TallyMsg> finishing = ActorType.builder("tally", TestActors.Tally.class,
                        TestActors.TallyMsg.class)
                .initialState(base.initialState()).handler(base.handler()).retry(TestActors.FAST_RETRY)
                .passivateWhen(t -> t.sum() >= 10)
                .build();
        Loom loom = nodes.start(store, finishing);
        ActorRef ref = ActorRef.of("tally", "finisher");
        loom.send(ref, new Add(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.journal().lastSeq(ref) == 1 && loom.inFlightTurns() == 0);
        assertThat(loom.cacheStats().size()).as("below the threshold the actor stays active").isEqualTo(1);
        long evictionsBefore = loom.cacheStats().evictions();

        loom.send(ref, new Add(6));
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 0);
        assertThat(store.journal().lastSeq(ref)).isEqualTo(2);
        assertThat(loom.cacheStats().evictions()).isEqualTo(evictionsBefore + 1);

        loom.send(ref, new Add(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.journal().lastSeq(ref) == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 0);
        assertThat(loom.state(ref).as(TestActors.Tally.class).sum()).as("activated again from the store").isEqualTo(11);
        assertThat(loom.state(ref).as(TestActors.Tally.class).seen()).containsExactly(4L, 6L, 1L);
        assertThat(loom.state(ref, TestActors.Tally.class)).as("the typed read of a passivated actor")
                .isEqualTo(loom.state(ref).as(TestActors.Tally.class));
        loom.send(ref, new Add(-11));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.journal().lastSeq(ref) == 4);
        assertThat(loom.cacheStats().size()).as("below the threshold again, it stays").isEqualTo(1);
        assertThat(loom.state(ref, TestActors.Tally.class).sum()).as("the typed read of an active actor").isZero();
        assertThatThrownBy(() -> loom.state(ref, String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not java.lang.String");
    }

    @Test
    void clearByPatternAndWarm() {
        Loom loom = nodes.start(store, TestActors.tally(probe));
        for (String id : List.of("tenant1-a", "tenant1-b", "tenant2-a")) {
            loom.send(ActorRef.of("tally", id), new Add(1));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.cacheStats().size() == 3
                && loom.inFlightTurns() == 0 && store.journal().lastSeq(ActorRef.of("tally", "tenant2-a")) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> loom.clearCache("tally/tenant1-*") + loom.cacheStats().size() >= 0
                && loom.cacheStats().size() == 1);
        assertThat(loom.warm(List.of(ActorRef.of("tally", "tenant1-a"), ActorRef.of("tally", "tenant2-a")))).isEqualTo(1);
        assertThat(loom.cacheStats().size()).isEqualTo(2);
        assertThat(loom.state(ActorRef.of("tally", "tenant1-a")).seq()).isEqualTo(1);
    }
}
