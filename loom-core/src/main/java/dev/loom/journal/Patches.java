package dev.loom.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonDiff;
import com.flipkart.zjsonpatch.JsonPatch;
import dev.loom.json.Json;

/** RFC 6902 JSON Patches between successive actor states, as stored in journal entries. */
public final class Patches {
    private Patches() {
    }

    /** The patch (JSON text) that turns {@code from} into {@code to}; {@code []} when they are equal. */
    public static String diff(JsonNode from, JsonNode to) {
        if (from.equals(to)) {
            return "[]";
        }
        return JsonDiff.asJson(from, to).toString();
    }

    /**
     * Applies a stored patch to {@code state}, returning the new state ({@code state} is not modified).
     *
     * @throws IllegalStateException if the patch does not apply (the journal and the state disagree)
     */
    public static JsonNode apply(JsonNode state, String patch) {
        if ("[]".equals(patch)) {
            return state;
        }
        try {
            return JsonPatch.apply(Json.parse(patch), state);
        } catch (RuntimeException e) {
            throw new IllegalStateException("journal patch does not apply to the state: " + e.getMessage(), e);
        }
    }
}
