package dev.loom.journal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;

/**
 * A journal patch written straight to text, one operation at a time, in the form Jackson writes an array of
 * {@code {"op", "path", "value"}} objects (no spaces, members in that order, strings escaped by Jackson's own
 * encoder), so what is stored is the text {@code ArrayNode.toString()} gave for the same patch. Most patches are a
 * few leaf changes; writing them directly skips building a tree of operation nodes and a Jackson generator per turn.
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

    /** Leaves that are most of a state's changes are written here; anything else as Jackson writes it. */
    private void value(JsonNode value) {
        switch (value.getNodeType()) {
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
