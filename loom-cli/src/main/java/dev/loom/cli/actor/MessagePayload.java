package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import java.time.Duration;

/** Builds the request body of a send or an ask: {@code {"type", "payload", "delay"?}}. */
final class MessagePayload {
    private MessagePayload() {
    }

    /**
     * @param payload the message's fields, or {@code null} for a message without fields
     * @param delay   a delivery delay, or {@code null}
     * @throws CliException if the payload is not a JSON object
     */
    static ObjectNode body(String messageType, JsonNode payload, Duration delay) {
        JsonNode fields = payload == null ? Json.mapper().createObjectNode() : payload;
        if (!fields.isObject()) {
            throw new CliException("the message payload must be a JSON object of the message's fields, e.g. '{\"by\": 5}'; got "
                    + fields, ExitCode.USAGE);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("type", messageType);
        body.set("payload", fields);
        if (delay != null) {
            body.put("delay", delay.toString());
        }
        return body;
    }
}
