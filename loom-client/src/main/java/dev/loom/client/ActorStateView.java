package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An actor's committed state and the journal seq it reflects.
 *
 * @param actor the actor
 * @param seq   the seq of the last turn folded in; 0 for the initial state (no turn committed yet)
 * @param state the state as JSON
 */
public record ActorStateView(ActorAddress actor, long seq, JsonNode state) {
    /**
     * The state as {@code type}, e.g. the actor's own state record.
     *
     * @throws IllegalArgumentException if the JSON does not fit {@code type}
     */
    public <S> S stateAs(Class<S> type) {
        return ApiJson.convert(state, type);
    }
}
