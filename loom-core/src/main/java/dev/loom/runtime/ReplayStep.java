package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.spi.JournalEntry;

/**
 * One journal entry and the state it produced (an audit replay).
 *
 * @param entry the entry
 * @param state the actor's state after applying it
 */
public record ReplayStep(JournalEntry entry, JsonNode state) {
}
