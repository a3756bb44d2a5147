package dev.loom.config;

import dev.loom.actor.ActorRef;
import java.util.Optional;
import java.util.Set;

/**
 * Limits a token to some actors. An empty set of types and an empty prefix allow every actor.
 *
 * @param actorTypes the actor types the token may touch (empty: all)
 * @param idPrefix   the prefix every actor id it touches must have (empty: any)
 */
public record TokenScope(Set<String> actorTypes, Optional<String> idPrefix) {
    /** No restriction. */
    public static final TokenScope UNRESTRICTED = new TokenScope(Set.of(), Optional.empty());

    public TokenScope {
        actorTypes = Set.copyOf(actorTypes);
    }

    public boolean permitsType(String type) {
        return actorTypes.isEmpty() || actorTypes.contains(type);
    }

    public boolean permitsId(String id) {
        return idPrefix.map(id::startsWith).orElse(true);
    }

    public boolean permits(ActorRef actor) {
        return permitsType(actor.type()) && permitsId(actor.id());
    }

    public boolean isUnrestricted() {
        return actorTypes.isEmpty() && idPrefix.isEmpty();
    }
}
