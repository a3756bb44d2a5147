package dev.loom.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;

/**
 * Serializes a {@link JsonNode} property so that {@link Json#toTree} puts the node itself into the tree it builds
 * instead of a copy; any other output (JSON text) gets the node's content as usual. For a state class whose JSON
 * values are large and rarely change, this makes a turn's state tree cost nothing for the values it carries over,
 * and lets the journal's {@code Patches.diff} skip them as the same object.
 *
 * <p>Use it ({@code @JsonSerialize(using = SharedTree.class)}, or {@code contentUsing} on a list) only for values the
 * class never changes in place once they are in its state: the tree shares them, so a change in place would change
 * the previous turn's tree too, and the journal would miss it.
 */
public final class SharedTree extends JsonSerializer<JsonNode> {
    @Override
    public void serialize(JsonNode value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof TokenBuffer buffer) {
            // Json.toTree reads the buffer back into a tree, and an embedded JsonNode is read back as itself.
            buffer.writeEmbeddedObject(value);
        } else {
            gen.writeTree(value);
        }
    }
}
