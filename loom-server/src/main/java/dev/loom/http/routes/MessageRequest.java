package dev.loom.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.SendOptions;
import dev.loom.config.Durations;
import dev.loom.http.ApiException;
import dev.loom.http.Call;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A send or ask request: body {@code {"type", "payload", "delay"?}} with the {@code Idempotency-Key} and
 * {@code traceparent} headers.
 *
 * @param messageType the message type name
 * @param payload     the message fields (an empty object when absent)
 * @param options     idempotency key, delay and trace context
 */
record MessageRequest(String messageType, JsonNode payload, SendOptions options) {
    private static final Set<String> FIELDS = Set.of("type", "payload", "delay");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Duration MAX_DELAY = Duration.ofDays(365);

    static MessageRequest from(Call call) {
        ObjectNode body = call.bodyObject();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badField("bad_request", f, "unknown field '" + f
                        + "' in the request body; expected type, payload and optionally delay");
            }
        }
        JsonNode type = body.path("type");
        if (!type.isTextual() || type.asText().isBlank()) {
            throw ApiException.badField("invalid_message", "type",
                    "field 'type' must be the message type's name, e.g. \"Increment\"");
        }
        JsonNode payload = body.path("payload");
        if (payload.isMissingNode() || payload.isNull()) {
            payload = JsonViews.F.objectNode();
        } else if (!payload.isObject()) {
            throw ApiException.badField("invalid_message", "payload", "field 'payload' must be a JSON object of the"
                    + " message's fields");
        }
        SendOptions options = SendOptions.none();
        JsonNode delay = body.path("delay");
        if (!delay.isMissingNode() && !delay.isNull()) {
            Optional<Duration> d = delay.isTextual() ? Durations.parse(delay.asText()) : Optional.empty();
            if (d.isEmpty() || d.get().isNegative() || d.get().compareTo(MAX_DELAY) > 0) {
                throw ApiException.badField("bad_request", "delay", "field 'delay' must be " + Durations.expectedForm()
                        + ", from 0 to 365 days");
            }
            options = options.withDelay(d.get());
        }
        Optional<String> key = call.header("Idempotency-Key");
        if (key.isPresent()) {
            if (key.get().isEmpty() || key.get().length() > 200) {
                throw ApiException.badField("bad_request", "Idempotency-Key", "header Idempotency-Key must be 1-200 characters");
            }
            options = options.withIdempotencyKey(key.get());
        }
        Optional<String> tp = call.header("traceparent");
        if (tp.isPresent()) {
            if (!TRACEPARENT.matcher(tp.get().trim()).matches()) {
                throw ApiException.badField("bad_request", "traceparent", "header traceparent must be a W3C trace"
                        + " context: 00-<32 hex>-<16 hex>-<2 hex>");
            }
            options = options.withTraceparent(tp.get().trim());
        }
        return new MessageRequest(type.asText(), payload, options);
    }
}
