package dev.loom.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the JSON Schema (2020-12, the dialect of OpenAPI 3.1) snippets the API's contract is written in.
 * Every factory returns a new node, so callers may add keywords ({@code minimum}, {@code description}, ...) with
 * {@link ObjectNode#put} without affecting other schemas.
 */
public final class JsonSchema {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Where the OpenAPI document keeps its named schemas. */
    public static final String COMPONENTS = "#/components/schemas/";

    private JsonSchema() {
    }

    public static ObjectNode string() {
        return type("string");
    }

    public static ObjectNode integer() {
        return type("integer");
    }

    public static ObjectNode number() {
        return type("number");
    }

    public static ObjectNode bool() {
        return type("boolean");
    }

    /** An RFC 3339 timestamp, as {@link java.time.Instant#toString()} writes it. */
    public static ObjectNode timestamp() {
        return string().put("format", "date-time");
    }

    /** Any JSON value, {@code null} included. */
    public static ObjectNode any() {
        return F.objectNode();
    }

    /** A string that is one of {@code values}. */
    public static ObjectNode oneOfStrings(String... values) {
        ObjectNode s = string();
        ArrayNode e = s.putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        return s;
    }

    public static ObjectNode arrayOf(ObjectNode items) {
        ObjectNode s = type("array");
        s.set("items", items);
        return s;
    }

    /**
     * {@code schema}, or {@code null}. {@code schema} must have a single {@code type}; it becomes
     * {@code [type, "null"]}.
     */
    public static ObjectNode nullable(ObjectNode schema) {
        ObjectNode s = schema.deepCopy();
        String t = s.path("type").asText();
        if (t.isEmpty() || !s.path("type").isTextual()) {
            throw new IllegalArgumentException("only a schema with one type can be made nullable: " + schema);
        }
        s.putArray("type").add(t).add("null");
        return s;
    }

    /** A reference to the named schema {@code name} of the document's components. */
    public static ObjectNode ref(String name) {
        return F.objectNode().put("$ref", COMPONENTS + name);
    }

    /** Exactly one of {@code alternatives}. */
    public static ObjectNode exactlyOne(ObjectNode... alternatives) {
        ObjectNode s = F.objectNode();
        ArrayNode arr = s.putArray("oneOf");
        for (ObjectNode a : alternatives) {
            arr.add(a);
        }
        return s;
    }

    /**
     * An object schema. Unless {@link ObjectBuilder#open() opened}, it admits no properties beyond the
     * declared ones, so a field an endpoint adds without documenting it breaks the contract test.
     */
    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    private static ObjectNode type(String t) {
        return F.objectNode().put("type", t);
    }

    /** Declares an object's properties, in the order given. */
    public static final class ObjectBuilder {
        private final ObjectNode properties = F.objectNode();
        private final List<String> required = new ArrayList<>();
        private boolean open;

        private ObjectBuilder() {
        }

        /** A property always present (possibly {@code null} when its schema admits it). */
        public ObjectBuilder required(String name, ObjectNode schema) {
            required.add(name);
            return optional(name, schema);
        }

        /** A property that may be absent. */
        public ObjectBuilder optional(String name, ObjectNode schema) {
            if (properties.has(name)) {
                throw new IllegalArgumentException("property '" + name + "' declared twice");
            }
            properties.set(name, schema);
            return this;
        }

        /** Admits properties beyond the declared ones (for free-form objects such as configuration). */
        public ObjectBuilder open() {
            open = true;
            return this;
        }

        public ObjectNode build() {
            ObjectNode s = type("object");
            if (!required.isEmpty()) {
                ArrayNode r = s.putArray("required");
                required.forEach(r::add);
            }
            if (!properties.isEmpty()) {
                s.set("properties", properties.deepCopy());
            }
            if (!open) {
                s.put("additionalProperties", false);
            }
            return s;
        }
    }
}
