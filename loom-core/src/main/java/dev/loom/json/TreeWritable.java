package dev.loom.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A value that builds its own JSON tree, which {@link Json#toTree} then returns instead of converting the value
 * through Jackson. For a state class converted on every turn, building the tree directly costs a fraction of the
 * conversion.
 *
 * <p>The contract: {@link #toTree()} returns a new top-level node equal to what Jackson writes for the value with
 * {@link Json#mapper()} (the same members in the same order, the same value types: an {@code int} field as an int
 * node, a {@code long} as a long node, {@code java.time} values as ISO-8601 text), so that reading it back, the
 * journal's patches and every other view of the state are the same either way. Below the top level it may share
 * nodes the value holds, under the rules of {@link SharedTree}. A test of the class should compare the two.
 */
public interface TreeWritable {
    /** The value's JSON tree, as described above. */
    ObjectNode toTree();
}
