package dev.loom.journal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import java.util.Map;

/**
 * A journal patch written straight to text, one operation at a time, in the form Jackson writes an array of
 * {@code {"op", "path", "value"}} objects (no spaces, members in that order, strings escaped by Jackson's own
 * encoder), so what is stored is the text {@code ArrayNode.toString()} gave for the same patch. Writing it directly
 * skips building a tree of operation nodes and a Jackson generator (with its serializer provider) per value.
 */
final class PatchText {
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private final StringBuilder text = new StringBuilder(64).append('[');
    private boolean empty = true;

    /** Appends an operation without a value ({@code remove}). */
    void op(String name, String path) {
        start(name, path);
        text.append('}');
    }

    /** Appends an operation with a value ({@code add}, {@code replace}). */
    void op(String name, String path, JsonNode value) {
        start(name, path);
        text.append(",\"value\":");
        value(value);
        text.append('}');
    }

    boolean isEmpty() {
        return empty;
    }

    /** The patch: {@code []} when no operation was appended. */
    @Override
    public String toString() {
        return empty ? "[]" : text.toString() + ']';
    }

    private void start(String name, String path) {
        if (!empty) {
            text.append(',');
        }
        empty = false;
        text.append("{\"op\":\"").append(name).append("\",\"path\":");
        string(path);
    }

    /**
     * Objects, arrays, strings, booleans, nulls, ints and longs (nearly all of what states hold) are written here,
     * compact as Jackson writes them; other numbers and node kinds by Jackson itself.
     */
    private void value(JsonNode value) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                text.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    if (!first) {
                        text.append(',');
                    }
                    first = false;
                    string(member.getKey());
                    text.append(':');
                    value(member.getValue());
                }
                text.append('}');
            }
            case ARRAY -> {
                text.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    value(value.get(i));
                }
                text.append(']');
            }
            case STRING -> string(value.textValue());
            case BOOLEAN -> text.append(value.booleanValue());
            case NULL -> text.append("null");
            case NUMBER -> {
                if (value.isInt()) {
                    text.append(value.intValue());
                } else if (value.isLong()) {
                    text.append(value.longValue());
                } else {
                    text.append(Json.write(value));
                }
            }
            default -> text.append(Json.write(value));
        }
    }

    private void string(String s) {
        text.append('"');
        STRINGS.quoteAsString(s, text);
        text.append('"');
    }
}
