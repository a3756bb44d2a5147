package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An audit replay: journal entries in order, each with the state it produced.
 *
 * @param actor the actor
 * @param steps the steps (none when the range is empty)
 */
public record Replay(ActorAddress actor, List<Step> steps) {
    public Replay {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * @param entry the journal entry
     * @param state the state after it
     */
    public record Step(JournalEntry entry, JsonNode state) {
    }
}
