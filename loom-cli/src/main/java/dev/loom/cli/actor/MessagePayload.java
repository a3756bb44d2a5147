package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.client.SendOptions;
import dev.loom.json.Json;
import java.time.Duration;

/** The message of a send or an ask as the command line gives it: its fields and its options. */
final class MessagePayload {
    private MessagePayload() {
    }

    /**
     * @param payload the message's fields, or {@code null} for a message without fields
     * @throws CliException if the payload is not a JSON object
     */
    static JsonNode fields(JsonNode payload) {
        JsonNode fields = payload == null ? Json.mapper().createObjectNode() : payload;
        if (!fields.isObject()) {
            throw new CliException("the message payload must be a JSON object of the message's fields, e.g. '{\"by\": 5}'; got "
                    + fields, ExitCode.USAGE);
        }
        return fields;
    }

    /**
     * @param idempotencyKey the key, or {@code null}
     * @param delay          a delivery delay, or {@code null}
     * @throws CliException if the key or the delay is not one the API takes
     */
    static SendOptions options(String idempotencyKey, Duration delay) {
        try {
            SendOptions options = SendOptions.none();
            if (idempotencyKey != null) {
                options = options.withIdempotencyKey(idempotencyKey);
            }
            return delay == null ? options : options.withDelay(delay);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), ExitCode.USAGE, e);
        }
    }
}
