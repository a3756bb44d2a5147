package dev.loom.cli.direct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import dev.loom.runtime.ActorState;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.JournalEntry;

/** Runtime values in the HTTP contract's JSON shapes, so direct reads print exactly like remote ones. */
final class ApiShapes {
    private ApiShapes() {
    }

    static ObjectNode state(ActorState s) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("actor", s.actor().toString());
        n.put("seq", s.seq());
        n.set("state", s.state());
        return n;
    }

    static ObjectNode entry(JournalEntry e) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("seq", e.seq());
        n.put("messageId", e.messageId());
        n.put("messageType", e.messageType());
        n.put("idempotencyKey", e.idempotencyKey());
        n.set("patch", e.patch() == null ? Json.mapper().nullNode() : Json.parse(e.patch()));
        n.put("traceparent", e.traceparent());
        n.put("committedAt", e.committedAt() == null ? null : e.committedAt().toString());
        return n;
    }

    static ObjectNode deadLetter(DeadLetter d) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", d.id());
        n.put("originalQueue", d.originalQueue());
        n.put("actorType", d.actor().type());
        n.put("actorId", d.actor().id());
        n.set("message", Json.toTree(d.message()));
        JsonNode error = d.error() == null ? Json.mapper().nullNode() : Json.toTree(d.error());
        n.set("error", error);
        n.put("attempts", d.attempts());
        n.put("firstFailedAt", d.firstFailedAt() == null ? null : d.firstFailedAt().toString());
        n.put("lastFailedAt", d.lastFailedAt() == null ? null : d.lastFailedAt().toString());
        return n;
    }
}
