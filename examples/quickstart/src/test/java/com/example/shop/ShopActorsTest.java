package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shop.ShoppingCart.AddItem;
import com.example.shop.ShoppingCart.Receipt;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.runtime.Loom;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a server does with this jar: it discovers the actor types through {@code META-INF/services} and runs them. A
 * real node on Loom's in-memory store proves the registration and one checkout end to end.
 */
class ShopActorsTest {
    @Test
    void aNodeDiscoversTheCartAndRunsACheckout() {
        try (Loom loom = Loom.builder().store(new InMemoryStore()).discoverActors().build().start()) {
            ActorRef bob = ActorRef.of(ShoppingCart.NAME, "bob");
            loom.send(bob, new AddItem("mug", 2, 1250));

            Receipt receipt = loom.ask(bob, new ShoppingCart.Checkout(), Duration.ofSeconds(10)).as(Receipt.class);

            assertEquals(List.of(ShoppingCart.NAME), loom.actorTypes().stream().map(ActorType::name).toList());
            assertTrue(receipt.paid(), receipt::toString);
            assertEquals(2500, receipt.totalCents());
            assertEquals(1, loom.state(bob).as(ShoppingCart.Cart.class).orders());
        }
    }
}
