package dev.loom.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loom.breaker.BreakerView;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import java.time.Instant;

/** The JSON shapes of the contract's objects. */
final class JsonViews {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonViews() {
    }

    static ObjectNode journalEntry(JournalEntry e) {
        ObjectNode n = F.objectNode();
        n.put("seq", e.seq());
        n.put("messageId", e.messageId());
        n.put("messageType", e.messageType());
        n.put("idempotencyKey", e.idempotencyKey());
        n.set("patch", storedJson(e.patch()));
        n.put("traceparent", e.traceparent());
        n.put("committedAt", instant(e.committedAt()));
        return n;
    }

    static ObjectNode envelope(Envelope e) {
        ObjectNode n = F.objectNode();
        n.put("messageId", e.messageId());
        n.put("actor", e.target().toString());
        n.put("partition", e.partition());
        n.put("messageType", e.messageType());
        n.set("payload", storedJson(e.payload()));
        n.put("idempotencyKey", e.idempotencyKey());
        n.put("sender", e.sender());
        n.put("traceparent", e.traceparent());
        n.put("enqueuedAt", instant(e.enqueuedAt()));
        return n;
    }

    static ObjectNode deadLetter(DeadLetter d) {
        ObjectNode n = F.objectNode();
        n.put("id", d.id());
        n.put("originalQueue", d.originalQueue());
        n.put("actorType", d.actor().type());
        n.put("actorId", d.actor().id());
        n.set("message", envelope(d.message()));
        ObjectNode err = n.putObject("error");
        if (d.error() != null) {
            err.put("type", d.error().type()).put("message", d.error().message()).put("stack", d.error().stack());
        }
        n.put("attempts", d.attempts());
        n.put("firstFailedAt", instant(d.firstFailedAt()));
        n.put("lastFailedAt", instant(d.lastFailedAt()));
        return n;
    }

    static ObjectNode breaker(BreakerView b) {
        ObjectNode n = F.objectNode();
        n.put("name", b.name());
        n.put("state", b.state());
        n.put("failureRate", b.failureRate());
        n.put("bufferedCalls", b.bufferedCalls());
        n.put("failedCalls", b.failedCalls());
        n.put("notPermittedCalls", b.notPermittedCalls());
        return n;
    }

    static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    /** JSON text kept by the store as a tree; text that does not parse is shown as a string rather than lost. */
    static JsonNode storedJson(String text) {
        if (text == null) {
            return F.nullNode();
        }
        try {
            return Json.parse(text);
        } catch (SerializationException e) {
            return TextNode.valueOf(text);
        }
    }
}
