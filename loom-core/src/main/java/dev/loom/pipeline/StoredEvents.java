package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import java.time.Instant;

/**
 * The form timeline events take in a run's state, and reading them back.
 *
 * <p>An event is stored with only the members it has: no {@code stage}, {@code taskId}, {@code detail} or
 * {@code error} member when it has none, no {@code attempt} when it is 0. A task of the run itself (its id starts
 * with the run id and a slash, as every task id of {@link RunTurn} does) is stored as {@code task}, its id without
 * that prefix. Four events of a stage transition were half of its journal patch, most of it null members and the
 * run id repeated. Events written before this form (every member, the whole {@code taskId}) read the same.
 */
final class StoredEvents {
    private StoredEvents() {
    }

    /** The stored tree of {@code e}, an event of run {@code runId}. */
    static ObjectNode tree(TimelineEvent e, String runId) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("at", e.at().toString());
        node.put("kind", e.kind().name());
        StateMembers.text(node, "stage", e.stage());
        String taskId = e.taskId();
        if (taskId != null && runId != null && taskId.length() > runId.length() + 1 && taskId.startsWith(runId)
                && taskId.charAt(runId.length()) == '/') {
            node.put("task", taskId.substring(runId.length() + 1));
        } else {
            StateMembers.text(node, "taskId", taskId);
        }
        StateMembers.count(node, "attempt", e.attempt());
        if (e.detail() != null && !e.detail().isNull()) {
            node.set("detail", e.detail());
        }
        StateMembers.error(node, "error", e.error());
        return node;
    }

    /**
     * The event stored as {@code node} in run {@code runId}, in either form; an absent or null detail reads as a JSON
     * null, as it always has.
     */
    static TimelineEvent read(JsonNode node, String runId) {
        JsonNode task = node.get("task");
        String taskId = task != null && task.isTextual() ? runId + "/" + task.asText() : text(node.get("taskId"));
        JsonNode detail = node.get("detail");
        JsonNode error = node.get("error");
        return new TimelineEvent(Instant.parse(node.get("at").asText()),
                TimelineEvent.Kind.valueOf(node.get("kind").asText()), text(node.get("stage")), taskId,
                node.path("attempt").asInt(0), detail == null ? NullNode.instance : detail,
                error == null || error.isNull() ? null : Json.fromTree(error, RunError.class));
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}
