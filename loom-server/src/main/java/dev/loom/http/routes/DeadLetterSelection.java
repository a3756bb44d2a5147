package dev.loom.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.ApiException;
import dev.loom.spi.DeadLetterQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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
            throw ApiException.badRequest("the body must have exactly one of: {\"ids\":[...]}, {\"filter\":{...}}, {\"all\":true}");
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

    /** The filter fields of a selection and of the list's query parameters. */
    List<String> FILTER_FIELDS = List.of("queue", "actorId", "errorType", "sender", "failedAfter", "failedBefore");

    private static Matching filter(JsonNode v) {
        if (!v.isObject()) {
            throw ApiException.badField("bad_request", "filter", "'filter' must be an object with some of "
                    + String.join(", ", FILTER_FIELDS));
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FILTER_FIELDS.contains(f)) {
                throw ApiException.badField("bad_request", "filter." + f, "unknown filter field '" + f
                        + "'; expected " + String.join(", ", FILTER_FIELDS));
            }
            JsonNode n = v.get(f);
            if (!n.isTextual() || n.asText().isEmpty()) {
                throw ApiException.badField("bad_request", "filter." + f, "filter field '" + f + "' must be a non-empty string");
            }
            values.put(f, n.asText());
        }
        if (values.isEmpty()) {
            throw ApiException.badField("bad_request", "filter", "an empty filter would select every dead letter; use"
                    + " {\"all\":true} to mean that");
        }
        return new Matching(query(values.get("queue"), values.get("actorId"), values.get("errorType"),
                values.get("sender"), values.get("failedAfter"), values.get("failedBefore"), null, PAGE, "filter."));
    }

    /**
     * The query of a list or a selection's filter; {@code null} means "any" for each filter field.
     *
     * @throws ApiException 400 naming the field when a time is not an ISO-8601 instant or the range is empty
     */
    static DeadLetterQuery query(String queue, String actorId, String errorType, String sender, String failedAfter,
                                 String failedBefore, String afterId, int limit) {
        return query(queue, actorId, errorType, sender, failedAfter, failedBefore, afterId, limit, "");
    }

    private static DeadLetterQuery query(String queue, String actorId, String errorType, String sender,
                                         String failedAfter, String failedBefore, String afterId, int limit,
                                         String fieldPrefix) {
        Instant from = instant(fieldPrefix + "failedAfter", failedAfter);
        Instant to = instant(fieldPrefix + "failedBefore", failedBefore);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badField("bad_request", fieldPrefix + "failedBefore", "'failedBefore' (" + to
                    + ") must be after 'failedAfter' (" + from + ")");
        }
        return new DeadLetterQuery(queue, actorId, errorType, sender, from, to, afterId, limit);
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badField("bad_request", field, "'" + field + "' must be an ISO-8601 instant such as"
                    + " 2030-01-01T00:00:00Z, got '" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
        }
    }
}
