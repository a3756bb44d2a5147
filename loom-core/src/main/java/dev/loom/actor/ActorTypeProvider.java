package dev.loom.actor;

import java.util.List;

/**
 * Makes actor types discoverable through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.loom.actor.ActorTypeProvider} and {@code Loom.builder().discoverActors()}
 * registers its types.
 */
public interface ActorTypeProvider {
    List<ActorType<?, ?>> actorTypes();
}
