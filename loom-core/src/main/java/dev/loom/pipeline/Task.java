package dev.loom.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message a stage sends to an ordinary actor: the actor type, an expression for the actor id, the message type
 * (a message type name of that actor type) and the message's fields, each a {@link Value}.
 *
 * <p>The message payload is the JSON object of the evaluated fields, in declaration order. The actor id must
 * evaluate to a string or a number that is a valid actor id.
 *
 * @param actorType   the target's actor type
 * @param actorId     the target's id
 * @param messageType the message type name within {@code actorType}
 * @param input       the payload's fields (possibly empty)
 */
public record Task(String actorType, Value actorId, String messageType, Map<String, Value> input) {
    public Task {
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(messageType, "messageType");
        input = input == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(input));
    }

    /** A task for the actor {@code actorType/actorId} (a literal id) with no fields yet. */
    public static Task to(String actorType, String actorId, String messageType) {
        return new Task(actorType, Value.of(actorId), messageType, Map.of());
    }

    /** A task for the actor of {@code actorType} whose id is {@code actorId} (evaluated per run). */
    public static Task to(String actorType, Value actorId, String messageType) {
        return new Task(actorType, actorId, messageType, Map.of());
    }

    /** This task with the field {@code field} set to {@code value}. */
    public Task with(String field, Value value) {
        Map<String, Value> copy = new LinkedHashMap<>(input);
        copy.put(field, Objects.requireNonNull(value, "value"));
        return new Task(actorType, actorId, messageType, copy);
    }

    /** This task with the field {@code field} read from the JSON Pointer {@code pointer}. */
    public Task with(String field, String pointer) {
        return with(field, Value.at(pointer));
    }
}
