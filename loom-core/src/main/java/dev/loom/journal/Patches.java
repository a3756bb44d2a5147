package dev.loom.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * RFC 6902 JSON Patches between successive actor states, as stored in journal entries.
 *
 * <p>{@link #diff} is built for the journal's hot path: objects are compared field by field, arrays element by
 * element with what grew at their end added at {@code /-} (and what a bounded list dropped at its head removed), and
 * any other change replaces the differing value. The patch is valid RFC 6902 but not necessarily minimal (an array
 * that shrank in other ways is replaced whole).
 */
public final class Patches {
    /** The most elements an array may lose at its head and still be patched with removes. */
    private static final int MAX_DROPPED = 64;

    private Patches() {
    }

    /** The patch (JSON text) that turns {@code from} into {@code to}; {@code []} when they are equal. */
    public static String diff(JsonNode from, JsonNode to) {
        PatchText ops = new PatchText();
        diff("", from, to, ops);
        return ops.toString();
    }

    /**
     * Objects are compared member by member (no whole-subtree comparison first, which would walk each subtree once
     * per level above it); a subtree that is the same object in both trees is skipped at once (a state class can
     * carry values over by reference, see {@link dev.loom.json.SharedTree}).
     */
    private static void diff(String path, JsonNode from, JsonNode to, PatchText ops) {
        if (from == to) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            diffObjects(path, from, to, ops);
        } else if (from.isArray() && to.isArray()) {
            diffArrays(path, from, to, ops);
        } else if (!sameValue(from, to)) {
            ops.op("replace", path, to);
        }
    }

    private static void diffObjects(String path, JsonNode from, JsonNode to, PatchText ops) {
        if (from.size() > 0) {
            Iterator<String> names = from.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!to.has(name)) {
                    ops.op("remove", path + "/" + escape(name));
                }
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = to.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            JsonNode old = from.get(f.getKey());
            if (old == value) {
                continue;
            }
            if (old == null) {
                ops.op("add", path + "/" + escape(f.getKey()), value);
            } else if (old.isContainerNode() && value.isContainerNode()) {
                diff(path + "/" + escape(f.getKey()), old, value, ops);
            } else if (!sameValue(old, value)) {
                // Leaves get their path only when they differ: most members of a state are unchanged.
                ops.op("replace", path + "/" + escape(f.getKey()), value);
            }
        }
    }

    /**
     * Elements added at the end get {@code add}s at {@code /-}; elements that changed are diffed in place
     * ({@code /path/i/...}); an array that lost up to {@value #MAX_DROPPED} elements at its head and kept the rest (a
     * bounded list such as a run's timeline) gets {@code remove}s of {@code /path/0}; an array that shrank otherwise,
     * or whose elements mostly changed, is replaced whole.
     */
    private static void diffArrays(String path, JsonNode from, JsonNode to, PatchText ops) {
        int kept = Math.min(from.size(), to.size());
        int changed = 0;
        for (int i = 0; i < kept; i++) {
            if (!sameValue(from.get(i), to.get(i))) {
                changed++;
            }
        }
        if (changed > 0 || to.size() < from.size()) {
            int dropped = droppedHead(from, to);
            if (dropped > 0) {
                for (int i = 0; i < dropped; i++) {
                    ops.op("remove", path + "/0");
                }
                appendTail(path, to, from.size() - dropped, ops);
                return;
            }
            if (to.size() < from.size() || (changed > 4 && 2 * changed > kept)) {
                // One replace is smaller than an operation or more per element.
                ops.op("replace", path, to);
                return;
            }
            for (int i = 0; i < kept; i++) {
                JsonNode old = from.get(i);
                JsonNode value = to.get(i);
                if (old.isContainerNode() && value.isContainerNode()) {
                    diff(path + "/" + i, old, value, ops);
                } else if (!sameValue(old, value)) {
                    ops.op("replace", path + "/" + i, value);
                }
            }
        }
        appendTail(path, to, kept, ops);
    }

    private static void appendTail(String path, JsonNode to, int from, PatchText ops) {
        for (int i = from; i < to.size(); i++) {
            ops.op("add", path + "/-", to.get(i));
        }
    }

    /**
     * How many elements {@code from} lost at its head to give the start of {@code to} (the rest of {@code from}
     * is {@code to}'s first elements, in order), at most {@value #MAX_DROPPED}; 0 when that is not what happened.
     */
    private static int droppedHead(JsonNode from, JsonNode to) {
        for (int k = 1; k <= MAX_DROPPED && k < from.size(); k++) {
            int rest = from.size() - k;
            if (rest > to.size()) {
                continue;
            }
            boolean shifted = true;
            for (int j = 0; j < rest && shifted; j++) {
                shifted = sameValue(from.get(k + j), to.get(j));
            }
            if (shifted) {
                return k;
            }
        }
        return 0;
    }

    /** Equality that treats numbers by value, so an int and a long holding 5 are the same. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.canConvertToLong() && b.canConvertToLong()
                        ? a.longValue() == b.longValue()
                        : a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode other = b.get(f.getKey());
                if (other == null || !sameValue(f.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** JSON Pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.indexOf('~') < 0 && token.indexOf('/') < 0 ? token : token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Applies a stored patch to {@code state}, returning the new state ({@code state} is not modified). Supports
     * the operations {@link #diff} writes: {@code add}, {@code remove} and {@code replace}.
     *
     * @throws PatchMismatchException if the patch does not apply (the journal and the state disagree)
     */
    public static JsonNode apply(JsonNode state, String patch) {
        return "[]".equals(patch) ? state : applyInPlace(state.deepCopy(), patch);
    }

    /**
     * Applies a stored patch to {@code doc} itself (for folding a journal tail onto a private copy without a copy
     * per entry) and returns the result, which is {@code doc} unless the patch replaced the whole state.
     *
     * @throws PatchMismatchException if the patch does not apply (the journal and the state disagree)
     */
    public static JsonNode applyInPlace(JsonNode doc, String patch) {
        return applyInPlace(doc, patch, true);
    }

    /**
     * Applies a journal entry's patch to {@code doc} itself while folding a journal, tolerating members the state
     * class added or removed since the entry was written: a {@code replace} of a member the object lacks adds it,
     * and a {@code remove} of a member it lacks does nothing. Folding starts from the current state class's initial
     * state or a snapshot written by an older one, so such a member is missing only because the class changed (a
     * field added after the snapshot was taken, or removed since the entry was written); the strict reading of the
     * folded state into the class then decides whether the result is acceptable. Anything else that does not apply
     * (a missing parent, an index out of range, a path through a number) still fails.
     *
     * @throws PatchMismatchException if the patch does not apply
     */
    public static JsonNode foldInPlace(JsonNode doc, String patch) {
        return applyInPlace(doc, patch, true);
    }

    private static JsonNode applyInPlace(JsonNode doc, String patch, boolean tolerateMembers) {
        JsonNode result = doc;
        for (JsonNode op : Json.parse(patch)) {
            result = applyOne(result, op, tolerateMembers);
        }
        return result;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op, boolean tolerateMembers) {
        String name = op.path("op").asText();
        String path = op.path("path").asText();
        JsonNode value = op.get("value");
        if (path.isEmpty()) {
            if (name.equals("replace") || name.equals("add")) {
                return value;
            }
            throw new PatchMismatchException(path, "journal patch cannot " + name + " the whole state");
        }
        int slash = path.lastIndexOf('/');
        JsonNode parent = resolve(doc, path.substring(0, slash), path);
        String token = unescape(path.substring(slash + 1));
        switch (parent) {
            case ObjectNode o -> {
                switch (name) {
                    case "add" -> o.set(token, value);
                    case "replace", "remove" -> {
                        if (!o.has(token) && !tolerateMembers) {
                            throw new PatchMismatchException(path, "journal patch: no field at " + path + " to " + name);
                        }
                        if (name.equals("replace")) {
                            o.set(token, value);
                        } else {
                            o.remove(token);
                        }
                    }
                    default -> throw new PatchMismatchException(path, "journal patch: unsupported op '" + name + "'");
                }
            }
            case ArrayNode a -> {
                if (name.equals("add") && token.equals("-")) {
                    a.add(value);
                } else {
                    int i = index(token, path);
                    switch (name) {
                        case "add" -> a.insert(i, value);
                        case "replace" -> a.set(checked(a, i, path), value);
                        case "remove" -> a.remove(checked(a, i, path));
                        default -> throw new PatchMismatchException(path, "journal patch: unsupported op '" + name + "'");
                    }
                }
            }
            default -> throw new PatchMismatchException(path, "journal patch: " + path + " is inside a " + parent.getNodeType());
        }
        return doc;
    }

    private static JsonNode resolve(JsonNode doc, String pointer, String fullPath) {
        JsonNode node = doc;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = unescape(raw);
            node = node.isArray() ? node.get(index(token, fullPath)) : node.get(token);
            if (node == null) {
                throw new PatchMismatchException(fullPath, "journal patch: path " + fullPath + " does not exist in the state");
            }
        }
        return node;
    }

    private static int index(String token, String path) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new PatchMismatchException(path, "journal patch: '" + token + "' in " + path + " is not an array index", e);
        }
    }

    private static int checked(ArrayNode a, int i, String path) {
        if (i < 0 || i >= a.size()) {
            throw new PatchMismatchException(path, "journal patch: index out of range at " + path);
        }
        return i;
    }

    /** RFC 6901: {@code ~1} becomes {@code /} first, then {@code ~0} becomes {@code ~}. */
    private static String unescape(String token) {
        return token.indexOf('~') < 0 ? token : token.replace("~1", "/").replace("~0", "~");
    }
}
