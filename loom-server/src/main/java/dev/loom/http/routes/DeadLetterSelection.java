package dev.loom.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.ApiException;
import dev.loom.spi.DeadLetterQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Which dead letters a redrive or purge applies to: {@code {"ids"}}, {@code {"filter"}} or {@code {"all": true}}. */
sealed interface DeadLetterSelection {
    int PAGE = 1000;
    int MAX_IDS = 10_000;

    record Ids(List<String> ids) implements DeadLetterSelection {
    }

    record Matching(DeadLetterQuery query) implements DeadLetterSelection {
    }

    static DeadLetterSelection from(ObjectNode body) {
        if (body.size() != 1) {
            throw ApiException.badRequest("the body must have exactly one of: {\"ids\":[...]}, {\"filter\":{\"queue\","
                    + "\"actorId\",\"errorType\"}}, {\"all\":true}");
        }
        String key = body.fieldNames().next();
        JsonNode v = body.get(key);
        return switch (key) {
            case "ids" -> ids(v);
            case "filter" -> filter(v);
            case "all" -> {
                if (!v.isBoolean() || !v.asBoolean()) {
                    throw ApiException.badField("bad_request", "all", "'all' must be true");
                }
                yield new Matching(DeadLetterQuery.all(PAGE));
            }
            default -> throw ApiException.badField("bad_request", key, "unknown field '" + key
                    + "'; expected ids, filter or all");
        };
    }

    private static Ids ids(JsonNode v) {
        if (!v.isArray() || v.isEmpty() || v.size() > MAX_IDS) {
            throw ApiException.badField("bad_request", "ids", "'ids' must be a non-empty array of at most " + MAX_IDS
                    + " dead-letter ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || n.asText().isEmpty()) {
                throw ApiException.badField("bad_request", "ids", "'ids' must contain only non-empty strings");
            }
            ids.add(n.asText());
        }
        return new Ids(ids);
    }

    private static Matching filter(JsonNode v) {
        if (!v.isObject()) {
            throw ApiException.badField("bad_request", "filter", "'filter' must be an object with queue, actorId"
                    + " and/or errorType");
        }
        Set<String> allowed = Set.of("queue", "actorId", "errorType");
        String[] values = new String[3];
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badField("bad_request", "filter." + f, "unknown filter field '" + f
                        + "'; expected queue, actorId or errorType");
            }
            JsonNode n = v.get(f);
            if (!n.isTextual() || n.asText().isEmpty()) {
                throw ApiException.badField("bad_request", "filter." + f, "filter field '" + f + "' must be a non-empty string");
            }
            values[f.equals("queue") ? 0 : f.equals("actorId") ? 1 : 2] = n.asText();
        }
        if (values[0] == null && values[1] == null && values[2] == null) {
            throw ApiException.badField("bad_request", "filter", "an empty filter would select every dead letter; use"
                    + " {\"all\":true} to mean that");
        }
        return new Matching(new DeadLetterQuery(values[0], values[1], values[2], null, PAGE));
    }
}
