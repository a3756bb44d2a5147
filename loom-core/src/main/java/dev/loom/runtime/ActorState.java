package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.json.Json;

/**
 * An actor's committed state.
 *
 * @param actor the actor
 * @param seq   the journal seq the state includes (0: initial state, no turn committed)
 * @param state the state as JSON
 */
public record ActorState(ActorRef actor, long seq, JsonNode state) {
    /** The state converted to {@code type}. */
    public <T> T as(Class<T> type) {
        return Json.fromTree(state, type);
    }
}
