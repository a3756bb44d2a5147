package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Writes the members of a run's state tree, leaving out each one that holds the value a new object of its class
 * holds ({@code null}, {@code false}, 0, an empty list, the initial status), as Jackson's
 * {@link com.fasterxml.jackson.annotation.JsonInclude.Include#NON_DEFAULT} does for the annotated classes: reading
 * a member that is absent leaves that same value, so the state reads back unchanged, and states written with every
 * member still read. The members left out are most of a new stage's and task's, and they were a third of the
 * journal patch of a stage transition.
 */
final class StateMembers {
    private StateMembers() {
    }

    static void text(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    static void instant(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    static void name(ObjectNode node, String name, Enum<?> value, Enum<?> initial) {
        if (value != null && value != initial) {
            node.put(name, value.name());
        }
    }

    static void flag(ObjectNode node, String name, boolean value) {
        if (value) {
            node.put(name, true);
        }
    }

    static void count(ObjectNode node, String name, long value) {
        if (value != 0) {
            node.put(name, value);
        }
    }

    static void count(ObjectNode node, String name, int value) {
        if (value != 0) {
            node.put(name, value);
        }
    }

    /** A JSON value, kept when it is a JSON null (which reads back as one, unlike an absent member). */
    static void json(ObjectNode node, String name, JsonNode value) {
        if (value != null) {
            node.set(name, value);
        }
    }

    static void error(ObjectNode node, String name, RunError error) {
        if (error != null) {
            node.set(name, RunState.tree(error));
        }
    }
}
