package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.ActorType;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registered actor types, and the encoding of their messages to and from stored JSON. */
final class ActorRegistry {
    /** A message as stored: its type name and JSON text. */
    record Encoded(String messageType, String payload) {
    }

    private final Map<String, ActorType<?, ?>> types;
    private final Map<String, JsonNode> initialStates;

    ActorRegistry(Map<String, ActorType<?, ?>> types) {
        this.types = Map.copyOf(types);
        this.initialStates = this.types.values().stream()
                .collect(Collectors.toUnmodifiableMap(ActorType::name, t -> initialStateJson(t)));
    }

    Collection<ActorType<?, ?>> all() {
        return types.values();
    }

    /** The type registered under {@code typeName}, if any. */
    Optional<ActorType<?, ?>> find(String typeName) {
        return Optional.ofNullable(types.get(typeName));
    }

    ActorType<?, ?> require(String typeName) {
        ActorType<?, ?> t = types.get(typeName);
        if (t == null) {
            throw new UnknownActorTypeException("unknown actor type '" + typeName + "'; registered types: "
                    + String.join(", ", types.keySet().stream().sorted().toList()));
        }
        return t;
    }

    JsonNode initialState(ActorType<?, ?> type) {
        return initialStates.get(type.name());
    }

    /** Encodes a message object for {@code type}. */
    Encoded encode(ActorType<?, ?> type, Object message) {
        if (message == null) {
            throw new UnknownMessageTypeException("message for actor type '" + type.name() + "' is null");
        }
        String name = type.messageTypeName(message).orElseThrow(() -> new UnknownMessageTypeException(
                message.getClass().getName() + " is not a message of actor type '" + type.name()
                        + "'; its message types are: " + String.join(", ", type.messageTypes().keySet())));
        return new Encoded(name, Json.write(message));
    }

    /**
     * Validates a message given as JSON and returns its canonical encoding.
     *
     * @throws UnknownMessageTypeException if the type has no such message type
     * @throws InvalidMessageException     if the payload does not match it
     */
    Encoded encodeJson(ActorType<?, ?> type, String messageType, JsonNode payload) {
        Class<?> cls = messageClass(type, messageType);
        JsonNode body = payload == null || payload.isNull() || payload.isMissingNode()
                ? Json.mapper().createObjectNode() : payload;
        if (!body.isObject()) {
            throw new InvalidMessageException("payload of " + type.name() + "." + messageType
                    + " must be a JSON object, got " + body.getNodeType().name().toLowerCase());
        }
        Object message;
        try {
            message = Json.fromTree(body, cls);
        } catch (SerializationException e) {
            throw new InvalidMessageException("invalid " + type.name() + "." + messageType + ": "
                    + e.getMessage().replaceFirst("^cannot read \\w+ from JSON: ", ""), e);
        }
        return new Encoded(messageType, Json.write(message));
    }

    /**
     * Decodes a stored message.
     *
     * @throws UnknownMessageTypeException if the type no longer has that message type
     * @throws SerializationException      if the stored JSON no longer fits the class
     */
    Object decode(ActorType<?, ?> type, String messageType, String payload) {
        return Json.read(payload, messageClass(type, messageType));
    }

    private static Class<?> messageClass(ActorType<?, ?> type, String messageType) {
        Class<?> cls = type.messageTypes().get(messageType);
        if (cls == null) {
            throw new UnknownMessageTypeException("actor type '" + type.name() + "' has no message type '"
                    + messageType + "'; its message types are: " + String.join(", ", type.messageTypes().keySet()));
        }
        return cls;
    }

    private static JsonNode initialStateJson(ActorType<?, ?> t) {
        JsonNode node = Json.toTree(t.initialState());
        return node == null ? NullNode.instance : node;
    }
}
