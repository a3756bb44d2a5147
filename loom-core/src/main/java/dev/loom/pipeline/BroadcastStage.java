package dev.loom.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends the same message to each actor of a list of ids; its output is the replies in id order. An empty list
 * completes the stage at once.
 *
 * @param name        the stage name
 * @param dependsOn   the stages it waits for
 * @param actorType   the targets' actor type
 * @param actorIds    a pointer to (or literal) JSON array of ids
 * @param messageType the message type name within {@code actorType}
 * @param input       the message's fields
 * @param options     its policies
 */
public record BroadcastStage(String name, List<String> dependsOn, String actorType, Value actorIds,
                             String messageType, Map<String, Value> input, StageOptions options) implements Stage {
    public BroadcastStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actorType, () -> "stage '" + name + "' has no actorType");
        Objects.requireNonNull(actorIds, () -> "stage '" + name + "' has no actorIds");
        Objects.requireNonNull(messageType, () -> "stage '" + name + "' has no messageType");
        dependsOn = Stage.names(dependsOn);
        input = input == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(input));
        options = Stage.orNone(options);
    }

    /** The task sent to the actor whose id is {@code actorId}. */
    public Task taskFor(Value actorId) {
        return new Task(actorType, actorId, messageType, input);
    }
}
