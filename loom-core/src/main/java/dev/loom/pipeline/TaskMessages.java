package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorType;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import java.util.Map;

/**
 * Turns a task's evaluated JSON payload into the target actor type's message object, so that a task is sent like
 * any other message (and checked the same way).
 */
final class TaskMessages {
    private final Map<String, ActorType<?, ?>> types;

    /** @param types the node's actor types by name; read when a task is sent, so it may be filled later */
    TaskMessages(Map<String, ActorType<?, ?>> types) {
        this.types = types;
    }

    /**
     * @throws IllegalArgumentException when the actor type, the message type or the payload does not fit; the
     *                                  message says which
     */
    Object message(String actorType, String messageType, JsonNode payload) {
        ActorType<?, ?> type = types.get(actorType);
        if (type == null) {
            throw new IllegalArgumentException("unknown actor type '" + actorType + "'");
        }
        Class<?> cls = type.messageTypes().get(messageType);
        if (cls == null) {
            throw new IllegalArgumentException("actor type '" + actorType + "' has no message type '"
                    + messageType + "'");
        }
        try {
            return Json.fromTree(payload, cls);
        } catch (SerializationException e) {
            throw new IllegalArgumentException("the payload does not fit " + actorType + "." + messageType + ": "
                    + e.getMessage(), e);
        }
    }
}
