package dev.loom.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.spi.StoreException;
import dev.loom.store.memory.InMemoryStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store decorator: data calls count on the store breaker and are refused while it is open; lease calls bypass it. */
class BreakerStoreTest {
    private static final ActorRef ACTOR = ActorRef.of("account", "a-1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryStore raw = new InMemoryStore(4);
    private final Breakers breakers = new Breakers(new BreakerSettings(3, 1, Duration.ofMinutes(5)), Map.of());
    private final CircuitBreaker breaker = breakers.breaker(Breakers.STORE);
    private final BreakerStore store = new BreakerStore(raw, breakers, breaker);

    @Test
    void readsOfTheMessagePathCountOnTheBreakerAndOpenIt() {
        raw.setAvailable(false);
        assertThatThrownBy(() -> store.messages().fetch(0, 0, 10)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.timers().due(List.of(0, 1), NOW, 10)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.idempotency().find(ACTOR, "k", NOW)).isInstanceOf(StoreException.class);
        assertThat(breakers.find(Breakers.STORE)).hasValueSatisfying(b -> assertThat(b.state()).isEqualTo("OPEN"));
    }

    @Test
    void anOpenBreakerRefusesDataCallsWithAStoreExceptionWithoutReachingTheStore() {
        breaker.transitionToOpenState();
        assertThatThrownBy(() -> store.snapshots().latest(ACTOR))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("circuit breaker is open")
                .hasCauseInstanceOf(BreakerOpenException.class);
        assertThatThrownBy(() -> store.commit(List.of())).isInstanceOf(StoreException.class)
                .hasMessageContaining("circuit breaker is open");
        assertThatThrownBy(() -> store.journal().lastSeq(ACTOR)).isInstanceOf(StoreException.class);
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(3);
    }

    @Test
    void leaseCallsAndPingBypassAnOpenBreaker() {
        breaker.transitionToOpenState();
        assertThat(store.leases().acquire(0, "node-1", Duration.ofSeconds(10), NOW)).isPresent();
        assertThat(store.leases().all()).hasSize(1);
        store.ping();
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
    }

    @Test
    void lookupsSucceedThroughAClosedBreaker() {
        assertThat(store.journal().lastSeq(ACTOR)).isZero();
        assertThat(store.deadLetters().get("dl-none")).isEmpty();
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
    }
}
