package dev.loom.client;

import java.util.List;
import java.util.OptionalLong;

/**
 * A page of an actor's journal, oldest first.
 *
 * @param actor   the actor
 * @param entries the entries
 * @param next    the {@code from} of the next page, or {@code null} on the last page
 */
public record JournalPage(ActorAddress actor, List<JournalEntry> entries, Long next) {
    public JournalPage {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The {@code from} of the next page; empty on the last page. */
    public OptionalLong nextFrom() {
        return next == null ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
