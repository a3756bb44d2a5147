package dev.loom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorType;
import dev.loom.runtime.Loom;
import dev.loom.store.memory.InMemoryStore;
import org.junit.jupiter.api.Test;

/** Jars that list an ActorTypeProvider in META-INF/services are discovered by discoverActors(). */
class DiscoveryTest {
    @Test
    void discoverActorsFindsTheExamplesThroughServiceLoader() {
        try (Loom loom = Loom.builder().store(new InMemoryStore(4)).discoverActors().build()) {
            assertThat(loom.actorTypes()).extracting(ActorType::name)
                    .containsExactlyInAnyOrder("counter", "account", "email-sender", "reminder", "order", "inventory",
                            "payments", "shipping", "page-reader", "documents", "expenses", "approvers");
        }
    }
}
