package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;

/**
 * The reply of an {@code ask}: what the handler passed to {@code ctx.reply}, as JSON.
 *
 * @param messageId    the asked message's id; when a stored reply was found before sending, the id of the message
 *                     that committed it ({@code null} if its idempotency record predates stored message ids)
 * @param value        the reply ({@code NullNode} when the handler gave none)
 * @param deduplicated true when the reply was stored by an earlier message with the same idempotency key
 *                     and the handler did not run for this ask
 */
public record Reply(String messageId, JsonNode value, boolean deduplicated) {
    /**
     * The reply converted to {@code type}.
     *
     * @throws dev.loom.json.SerializationException if it does not convert
     */
    public <T> T as(Class<T> type) {
        return Json.fromTree(value, type);
    }
}
