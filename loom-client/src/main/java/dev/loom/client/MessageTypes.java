package dev.loom.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An actor type's message types with their fields, as a form or a tool needs them to build a message.
 *
 * @param type         the actor type
 * @param messageTypes its message types, in declaration order
 */
public record MessageTypes(String type, List<MessageType> messageTypes) {
    public MessageTypes {
        messageTypes = messageTypes == null ? List.of() : List.copyOf(messageTypes);
    }

    /**
     * @param name      the message type's name (a MessageRequest's {@code type})
     * @param described whether its fields are known (the message class is a record); when false only raw JSON can
     *                  be sent
     * @param fields    its fields, in declaration order
     */
    public record MessageType(String name, boolean described, List<Field> fields) {
        public MessageType {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /**
     * @param name     the JSON property
     * @param type     {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array} or {@code object}
     * @param required whether the server refuses a message where it is missing or null (a primitive)
     * @param values   the constants an enum field accepts; empty for any other field
     */
    public record Field(String name, String type, boolean required, @JsonProperty("enum") List<String> values) {
        public Field {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
