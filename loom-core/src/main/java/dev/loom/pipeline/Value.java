package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.json.Json;

/**
 * A value in a stage: either a JSON Pointer into the run's context or a literal. No scripting.
 *
 * <p>The context a pointer is read against is {@code {"input": <run input>, "stages": {"<name>": {"output": ...}}}};
 * inside a scatter stage's task it also has {@code "item"} (the current item) and {@code "index"} (its position).
 * A pointer that finds nothing yields JSON null. In JSON a value is {@code {"pointer": "/input/sku"}} or
 * {@code {"literal": 42}}.
 *
 * @param pointer a JSON Pointer (RFC 6901) starting with {@code /}, or {@code null} for a literal
 * @param literal the literal value, or {@code null} for a pointer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Value(String pointer, JsonNode literal) {
    public Value {
        if ((pointer == null) == (literal == null)) {
            throw new IllegalArgumentException("a value has exactly one of 'pointer' and 'literal'");
        }
    }

    /** A pointer into the run's context, e.g. {@code /input/orderId} or {@code /stages/reserve/output}. */
    public static Value at(String pointer) {
        return new Value(pointer, null);
    }

    /** A literal (any value Jackson can write; {@code null} is JSON null). */
    public static Value of(Object literal) {
        return new Value(null, literal == null ? NullNode.instance : Json.toTree(literal));
    }

    /** Whether this is a pointer. */
    @JsonIgnore
    public boolean isPointer() {
        return pointer != null;
    }
}
