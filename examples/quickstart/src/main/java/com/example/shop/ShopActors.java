package com.example.shop;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Registers this project's actor types with a Loom server: the server finds it through
 * {@code META-INF/services/dev.loom.actor.ActorTypeProvider} on its class path.
 */
public final class ShopActors implements ActorTypeProvider {
    /**
     * The payments the server's cart uses. This quickstart has no payment provider to call, so it issues charge ids
     * itself, derived from the idempotency key as a provider's de-duplication would return them; replace it with your
     * provider's client.
     */
    static final Payments PAYMENTS = (key, amountCents) ->
            "ch_" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);

    @Override
    public List<ActorType<?, ?>> actorTypes() {
        return List.of(ShoppingCart.type(PAYMENTS));
    }
}
